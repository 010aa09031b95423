package dev.gatehouse.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:7433, 127.0.0.1, 7433",
    "0.0.0.0:0, 0.0.0.0, 0",
    "sidecar.internal:65535, sidecar.internal, 65535",
    "[::1]:7433, ::1, 7433",
    "'[fe80::1%eth0]:7433', fe80::1%eth0, 7433",
  })
  void readsHostAndPort(String text, String host, int port) {
    assertEquals(new HostPort(host, port), HostPort.parse(text, "'" + text + "'"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost|expected HOST:PORT, e.g. 127.0.0.1:7433 or [::1]:7433, got 'localhost'",
        ":7433|expected HOST:PORT, e.g. 127.0.0.1:7433 or [::1]:7433, got ':7433'",
        "host:|expected HOST:PORT, e.g. 127.0.0.1:7433 or [::1]:7433, got 'host:'",
        "host:-1|expected HOST:PORT, e.g. 127.0.0.1:7433 or [::1]:7433, got 'host:-1'",
        "host:65536|port must be between 0 and 65535, got 'host:65536'",
        "::1:7433|an IPv6 address goes in brackets, e.g. [::1]:7433, got '::1:7433'",
        "http://host:80|expected HOST:PORT, e.g. 127.0.0.1:7433 or [::1]:7433, got"
            + " 'http://host:80'",
      })
  void refusesWhatIsNotHostAndPort(String text, String message) {
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text, "'" + text + "'"));

    assertEquals(message, thrown.getMessage());
  }
}
