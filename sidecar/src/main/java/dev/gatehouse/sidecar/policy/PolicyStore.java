package dev.gatehouse.sidecar.policy;

import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.PolicySource;
import dev.gatehouse.sidecar.sql.NameResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the policy in force and swaps in a new one when its files change (or on SIGHUP): the
 * new policy is loaded and compiled completely first, then replaces the old one atomically, so
 * a statement is always judged by one whole policy. A broken new file leaves the old policy in
 * force and says so loudly.
 */
public final class PolicyStore<T> {
  private static final Logger log = LoggerFactory.getLogger(PolicyStore.class);

  /** Turns a parsed policy into what the store holds; every problem is a load-time error. */
  public interface Compiler<T> {
    T compile(Policy policy) throws ConfigException;
  }

  private final PolicySource source;
  private final Compiler<T> compiler;
  private final AtomicReference<T> current = new AtomicReference<>();
  private volatile List<FileStamp> stamps;

  private PolicyStore(PolicySource source, Compiler<T> compiler) {
    this.source = source;
    this.compiler = compiler;
  }

  /** Loads the policy; a problem here stops the sidecar from starting. */
  public static <T> PolicyStore<T> load(PolicySource source, Compiler<T> compiler)
      throws ConfigException {
    PolicyStore<T> store = new PolicyStore<>(source, compiler);
    store.stamps = stamps(source);
    store.current.set(compiler.compile(PolicyParser.load(source)));
    return store;
  }

  /** Loads the policy and compiles its rules for the given datasources. */
  public static PolicyStore<PolicyEngine> load(PolicySource source,
      Map<String, NameResolver> resolvers) throws ConfigException {
    Map<String, NameResolver> copy = Map.copyOf(resolvers);
    return load(source, policy -> PolicyEngine.compile(policy, copy));
  }

  /** The policy in force. */
  public T current() {
    return current.get();
  }

  /** Reloads when a policy file changed since the last load; called periodically. */
  public void reloadIfChanged() {
    List<FileStamp> now = stamps(source);
    if (!now.equals(stamps)) {
      reload("policy file changed");
    }
  }

  /**
   * Loads the files again and swaps the policy in when it is valid.
   *
   * @return whether the new policy is now in force
   */
  public synchronized boolean reload(String why) {
    List<FileStamp> now = stamps(source);
    try {
      T compiled = compiler.compile(PolicyParser.load(source));
      current.set(compiled);
      stamps = now;
      log.info("policy reloaded ({})", why);
      return true;
    } catch (ConfigException e) {
      stamps = now; // report a broken file once, not on every poll
      log.error("POLICY RELOAD FAILED ({}); the previous policy stays in force:\n{}",
          why, e.getMessage());
      return false;
    }
  }

  private static List<FileStamp> stamps(PolicySource source) {
    List<FileStamp> out = new ArrayList<>();
    for (Path f : source.files()) {
      try {
        out.add(new FileStamp(f, Files.getLastModifiedTime(f), Files.size(f)));
      } catch (IOException e) {
        out.add(new FileStamp(f, null, -1));
      }
    }
    return out;
  }

  private record FileStamp(Path file, FileTime modified, long size) {}
}
