package dev.gatehouse.it.clients;

import java.sql.Connection;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JooqClientContract} with {@link SQLDialect#POSTGRES} against this machine's PostgreSQL;
 * skipped where it does not answer on 127.0.0.1:5432.
 */
class JooqPostgresClientTest extends JooqClientContract {
  private static Shop.OnPostgres shop;
  private static Connection connection;

  @BeforeAll
  static void start() throws SQLException {
    Assumptions.assumeTrue(Shop.OnPostgres.reachable(),
        "PostgreSQL is not reachable on 127.0.0.1:5432");
    shop = Shop.OnPostgres.start("gh_jooq");
    connection = shop.sidecar.connect(Shop.agent(shop.sidecar));
  }

  @AfterAll
  static void stop() throws SQLException {
    if (connection != null) {
      connection.close();
    }
    if (shop != null) {
      shop.close();
    }
  }

  @Override
  DSLContext dsl() {
    return DSL.using(connection, SQLDialect.POSTGRES);
  }
}
