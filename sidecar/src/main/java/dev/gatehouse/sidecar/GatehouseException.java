package dev.gatehouse.sidecar;

/**
 * A failure the agent sees: it carries the SQLState and the message the driver turns into a
 * {@code java.sql.SQLException} (SPEC §6), and the policy rule when a rule decided.
 *
 * <p>Messages are written for the agent, which may be an LLM: say what happened and what to do
 * instead. They never hold a token, a credential or a masked value.
 */
public final class GatehouseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Identity failures: missing, malformed, forged, expired tokens. */
  public static final String INVALID_AUTHORIZATION = "28000";
  /** Denied by policy, or an approval was denied. */
  public static final String ACCESS_DENIED = "42501";
  /** The statement could not be parsed or fully analysed, so it is denied. */
  public static final String NOT_UNDERSTOOD = "42601";
  /** Approval or statement timed out. */
  public static final String TIMEOUT = "HYT00";
  /** The client could not establish a connection. */
  public static final String CONNECTION_FAILED = "08001";
  /** The connection (or the backend behind it) was lost. */
  public static final String CONNECTION_LOST = "08006";
  /** A session id that the sidecar does not know (closed, expired, or never opened). */
  public static final String CONNECTION_DOES_NOT_EXIST = "08003";
  /** The statement was cancelled at the application's request. */
  public static final String CANCELLED = "57014";
  /** A feature the sidecar does not support. */
  public static final String FEATURE_NOT_SUPPORTED = "0A000";
  /** A write in a read-only session ({@code Connection.setReadOnly(true)}). */
  public static final String READ_ONLY = "25006";
  /** An invalid request from the driver (protocol misuse). */
  public static final String PROTOCOL_VIOLATION = "08P01";
  /** Too many statements in a window (rate limit). */
  public static final String TOO_MANY_REQUESTS = "53400";

  private final String sqlState;
  private final String rule;
  private final int vendorCode;

  public GatehouseException(String sqlState, String message) {
    this(sqlState, message, null, 0, null);
  }

  public GatehouseException(
      String sqlState, String message, String rule, int vendorCode, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
    this.rule = rule;
    this.vendorCode = vendorCode;
  }

  /** A denial by a named rule: "denied by rule NAME: MESSAGE". */
  public static GatehouseException denied(String rule, String message) {
    String text =
        message == null || message.isBlank()
            ? "denied by rule " + rule
            : "denied by rule " + rule + ": " + message;
    return new GatehouseException(ACCESS_DENIED, text, rule, 0, null);
  }

  public String sqlState() {
    return sqlState;
  }

  /** The rule that decided, or {@code null}. */
  public String rule() {
    return rule;
  }

  public int vendorCode() {
    return vendorCode;
  }
}
