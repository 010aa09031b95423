package dev.gatehouse.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection straight to an in-memory H2 database that an in-process sidecar also serves (same
 * JVM, same database), so a test can look at the backend behind the sidecar's back: what the
 * database really holds, and what it is still executing.
 */
final class DirectH2 {
  private DirectH2() {}

  /** The datasource URL the sidecar is given for {@code name}. */
  static String url(String name, String... settings) {
    StringBuilder url = new StringBuilder("jdbc:h2:mem:").append(name).append(";DB_CLOSE_DELAY=-1");
    for (String s : settings) {
      url.append(';').append(s);
    }
    return url.toString();
  }

  /** A plain H2 connection to the same in-memory database (no gatehouse in between). */
  static Connection connect(String name) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  /**
   * The statements other sessions are executing right now, as H2 reports them. A statement
   * blocked inside {@code execute()} shows up here; one whose lazy result is merely open does not.
   */
  static List<String> executingStatements(Connection direct) throws SQLException {
    List<String> running = new ArrayList<>();
    try (Statement s = direct.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT EXECUTING_STATEMENT FROM INFORMATION_SCHEMA.SESSIONS"
                    + " WHERE SESSION_ID <> SESSION_ID() AND EXECUTING_STATEMENT IS NOT NULL")) {
      while (rs.next()) {
        running.add(rs.getString(1));
      }
    }
    return running;
  }

  /** Waits up to {@code millis} for no other session to be executing SQL containing {@code marker}. */
  static List<String> awaitNotExecuting(Connection direct, String marker, long millis)
      throws SQLException, InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    List<String> matching;
    do {
      matching = new ArrayList<>();
      for (String sql : executingStatements(direct)) {
        if (sql.contains(marker)) {
          matching.add(sql);
        }
      }
      if (matching.isEmpty()) {
        return matching;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < end);
    return matching;
  }

  /** Waits up to {@code millis} for some other session to be executing SQL containing {@code marker}. */
  static boolean awaitExecuting(Connection direct, String marker, long millis)
      throws SQLException, InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    do {
      for (String sql : executingStatements(direct)) {
        if (sql.contains(marker)) {
          return true;
        }
      }
      Thread.sleep(20);
    } while (System.nanoTime() < end);
    return false;
  }
}
