package dev.gatehouse.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

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
}
