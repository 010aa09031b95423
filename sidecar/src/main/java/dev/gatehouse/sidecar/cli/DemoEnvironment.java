package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.auth.TokenVerifier;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.config.ListenConfig;
import dev.gatehouse.sidecar.server.GatehouseServer;
import java.io.PrintStream;

/** The bundled demo: TEMPORARY until identity lands. */
final class DemoEnvironment {
  private DemoEnvironment() {}

  static DemoEnvironment create(Integer port) {
    throw new UnsupportedOperationException("the demo needs the identity work; not yet built");
  }

  GatehouseConfig config() {
    throw new UnsupportedOperationException();
  }

  TokenVerifier verifier() {
    throw new UnsupportedOperationException();
  }

  void printWelcome(PrintStream out, GatehouseServer server) {}

  static GatehouseConfig withPort(GatehouseConfig c, int port) {
    ListenConfig l = new ListenConfig(c.listen().host(), port, c.listen().socket());
    return new GatehouseConfig(
        c.source(), l, c.admin(), c.identity(), c.datasources(), c.audit(), c.approvals(),
        c.policy(), c.warnings());
  }
}
