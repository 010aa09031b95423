package dev.gatehouse.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The peer: Apache Calcite Avatica's remote JDBC, its HTTP server (protobuf serialization, the
 * faster of its two) with a {@link JdbcMeta} over the very H2 database Gatehouse serves, and its
 * remote driver as the client. It does no identity, policy, masking or audit.
 */
final class AvaticaPeer implements AutoCloseable {
  private final HttpServer server;

  AvaticaPeer(String h2Url) throws SQLException {
    JdbcMeta meta = new JdbcMeta(h2Url, "sa", "");
    ServerCustomizer<Server> loopbackOnly = jetty -> {
      // Avatica listens on every interface by default; this database is nobody else's business
      for (Connector c : jetty.getConnectors()) {
        if (c instanceof ServerConnector connector) {
          connector.setHost("127.0.0.1");
        }
      }
    };
    server = new HttpServer.Builder<Server>()
        .withHandler(new LocalService(meta), Driver.Serialization.PROTOBUF)
        .withPort(0)
        .withServerCustomizers(List.of(loopbackOnly), Server.class)
        .build();
    server.start();
  }

  String url() {
    return "jdbc:avatica:remote:url=http://127.0.0.1:" + server.getPort()
        + ";serialization=PROTOBUF";
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  @Override
  public void close() {
    server.stop();
  }
}
