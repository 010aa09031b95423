package dev.gatehouse.sidecar.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP handling. The JDK offers it only through {@code sun.misc.Signal} (module
 * jdk.unsupported), reached by reflection so the build needs no internal API; where it is
 * missing, reloading still happens when the policy files change.
 */
final class Signals {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** Runs {@code action} on every SIGHUP; returns whether the handler could be installed. */
  static boolean onHangup(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
      InvocationHandler ih = (Object proxy, Method method, Object[] args) -> {
        if (method.getName().equals("handle")) {
          action.run();
        }
        return null;
      };
      Object handler = Proxy.newProxyInstance(
          Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.warn("SIGHUP cannot be handled here ({}); policy files are still reloaded when they"
          + " change", e.toString());
      return false;
    }
  }
}
