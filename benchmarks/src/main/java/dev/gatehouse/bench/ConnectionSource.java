package dev.gatehouse.bench;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One way to reach a database: direct JDBC, through Gatehouse, or through the peer.
 *
 * @param name how figures are labelled, e.g. {@code gatehouse-h2-fsync}
 * @param baseline the direct-JDBC source this one is compared with, or {@code null} for a
 *     direct source itself
 */
record ConnectionSource(String name, String baseline, Opener opener) {
  /** Opens a new connection. */
  interface Opener {
    Connection open() throws SQLException;
  }

  Connection open() throws SQLException {
    return opener.open();
  }
}
