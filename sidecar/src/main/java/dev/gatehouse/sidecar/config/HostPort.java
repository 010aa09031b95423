package dev.gatehouse.sidecar.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code HOST:PORT} address as written in {@code listen.address} and {@code admin.address}.
 * IPv6 hosts are written in brackets ({@code [::1]:7433}) and kept without them.
 */
record HostPort(String host, int port) {
  private static final Pattern BRACKETED =
      Pattern.compile("\\[([0-9A-Fa-f:.]+(%[\\w.-]+)?)\\]:(\\d{1,5})");
  private static final Pattern PLAIN = Pattern.compile("([A-Za-z0-9._-]+):(\\d{1,5})");
  private static final Pattern UNBRACKETED_IPV6 =
      Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?:\\d{1,5}");

  /**
   * @throws IllegalArgumentException with a message completing "listen.address: …"
   */
  static HostPort parse(String text, String shown) {
    Matcher bracketed = BRACKETED.matcher(text);
    if (bracketed.matches()) {
      return withPort(bracketed.group(1), bracketed.group(3), shown);
    }
    Matcher plain = PLAIN.matcher(text);
    if (plain.matches()) {
      return withPort(plain.group(1), plain.group(2), shown);
    }
    if (UNBRACKETED_IPV6.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "an IPv6 address goes in brackets, e.g. [::1]:7433, got " + shown);
    }
    throw new IllegalArgumentException(
        "expected HOST:PORT, e.g. 127.0.0.1:7433 or [::1]:7433, got " + shown);
  }

  private static HostPort withPort(String host, String port, String shown) {
    int number = Integer.parseInt(port);
    if (number > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + shown);
    }
    return new HostPort(host, number);
  }
}
