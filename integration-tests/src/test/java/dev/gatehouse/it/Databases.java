package dev.gatehouse.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This machine's PostgreSQL and MariaDB (SPEC: the integration tests run against real servers
 * where they answer). Tests that need one skip themselves, with a message, when it does not.
 */
final class Databases {
  static final String POSTGRES_USER = "postgres";
  static final String MARIADB_USER = "root";
  private static Boolean postgres;
  private static Boolean mariadb;

  private Databases() {}

  static String postgresUrl() {
    return "jdbc:postgresql://127.0.0.1:5432/test";
  }

  static String mariadbUrl() {
    return "jdbc:mariadb://127.0.0.1:3306/test";
  }

  static Connection postgres() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", POSTGRES_USER);
    p.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(postgresUrl(), p);
  }

  static Connection mariadb() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", MARIADB_USER);
    p.setProperty("password", "");
    p.setProperty("connectTimeout", "3000");
    return DriverManager.getConnection(mariadbUrl(), p);
  }

  static synchronized boolean postgresReachable() {
    if (postgres == null) {
      try (Connection c = postgres()) {
        postgres = c.isValid(3);
      } catch (SQLException e) {
        postgres = false;
      }
    }
    return postgres;
  }

  static synchronized boolean mariadbReachable() {
    if (mariadb == null) {
      try (Connection c = mariadb()) {
        mariadb = c.isValid(3);
      } catch (SQLException e) {
        mariadb = false;
      }
    }
    return mariadb;
  }

  /**
   * A namespace of one test class on one database, so parallel runs by other engineers on the
   * same servers never collide: a schema on PostgreSQL, a database on MariaDB (its schemas), a
   * private in-memory database on H2. {@link #close()} drops it.
   *
   * @param dialect {@code h2}, {@code postgresql} or {@code mariadb}
   * @param name the schema or database name (lower case), or the H2 database name
   * @param url the JDBC URL a sidecar datasource uses to reach it
   * @param user the database user
   * @param defaultSchema the schema unqualified names resolve to, as the datasource is told
   */
  record Scratch(String dialect, String name, String url, String user, String defaultSchema)
      implements AutoCloseable {
    /** A private in-memory H2 database (dropped with the JVM). */
    static Scratch h2(String prefix) {
      String name = prefix + "_" + suffix();
      return new Scratch("h2", name, DirectH2.url(name), "sa", "PUBLIC");
    }

    /** A fresh PostgreSQL schema on this machine's server; the caller checks it is reachable. */
    static Scratch postgres(String prefix) throws SQLException {
      String name = prefix.toLowerCase(Locale.ROOT) + "_" + suffix();
      try (Connection c = Databases.postgres(); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + name);
      }
      return new Scratch("postgresql", name, postgresUrl() + "?currentSchema=" + name,
          POSTGRES_USER, name);
    }

    /** A fresh MariaDB database on this machine's server; the caller checks it is reachable. */
    static Scratch mariadb(String prefix) throws SQLException {
      String name = prefix.toLowerCase(Locale.ROOT) + "_" + suffix();
      try (Connection c = Databases.mariadb(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
      return new Scratch("mariadb", name, "jdbc:mariadb://127.0.0.1:3306/" + name, MARIADB_USER,
          name);
    }

    /** A plain connection (no gatehouse) with the scratch namespace as its default. */
    Connection direct() throws SQLException {
      switch (dialect) {
        case "h2":
          return DirectH2.connect(name);
        case "postgresql": {
          Connection c = Databases.postgres();
          try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + name);
          }
          return c;
        }
        default: {
          Connection c = Databases.mariadb();
          c.setCatalog(name);
          return c;
        }
      }
    }

    @Override
    public void close() throws SQLException {
      if (dialect.equals("h2")) {
        try (Connection c = direct(); Statement s = c.createStatement()) {
          s.execute("DROP ALL OBJECTS");
        }
        return;
      }
      try (Connection c = dialect.equals("postgresql") ? Databases.postgres() : Databases.mariadb();
          Statement s = c.createStatement()) {
        s.execute(dialect.equals("postgresql") ? "DROP SCHEMA IF EXISTS " + name + " CASCADE"
            : "DROP DATABASE IF EXISTS " + name);
      }
    }

    private static String suffix() {
      return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }
  }
}
