package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatehouse.sidecar.config.DatasourceConfig;
import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Names resolve the way each backend resolves them, on the SQL side and the policy side. */
class NameResolverTest {
  private final NameResolver postgres = new NameResolver(Dialect.POSTGRESQL, "demo", null);
  private final NameResolver h2 = new NameResolver(Dialect.H2, "demo", null);
  private final NameResolver mariadb = new NameResolver(Dialect.MARIADB, null, "shop");

  @Test
  void postgresFoldsUnquotedNamesToLowerCaseAndKeepsQuotedOnes() {
    TableName customers = new TableName("demo", "public", "customers");
    assertEquals(customers, postgres.table("customers"));
    assertEquals(customers, postgres.table("public.customers"));
    assertEquals(customers, postgres.table("\"public\".\"customers\""));
    assertEquals(customers, postgres.table("PUBLIC.CUSTOMERS"));
    assertEquals(customers, postgres.table("demo.public.customers"));
    assertNotEquals(customers, postgres.table("\"Customers\""));
    assertEquals("Customers", postgres.table("\"Customers\"").table());
  }

  @Test
  void h2FoldsUnquotedNamesToUpperCaseTheWayH2Does() {
    assertEquals(new TableName("DEMO", "PUBLIC", "CUSTOMERS"), h2.table("public.customers"));
    assertEquals(new TableName("DEMO", "PUBLIC", "customers"), h2.table("\"customers\""));
    assertEquals("STRASSE", h2.identifier("straße"));
  }

  @Test
  void mariaDbComparesNamesIgnoringCaseQuotedOrNot() {
    assertEquals(mariadb.table("Customers"), mariadb.table("`shop`.`CUSTOMERS`"));
    assertEquals(new TableName(null, "shop", "customers"), mariadb.table("SHOP.customers"));
    assertThrows(IllegalArgumentException.class, () -> mariadb.table("a.b.c"));
  }

  @Test
  void postgresTruncatesIdentifiersTo63Bytes() {
    String long70 = "a".repeat(70);
    assertEquals("a".repeat(63), postgres.identifier(long70));
    assertEquals(postgres.table("\"" + "b".repeat(63) + "\""),
        postgres.table("\"" + "b".repeat(80) + "\""));
    String multibyte = "é".repeat(40); // 80 bytes; truncation must not split a character
    assertEquals("é".repeat(31), postgres.identifier("\"" + multibyte + "\""));
  }

  @Test
  void aForeignCatalogStaysDistinctWhenTheCatalogIsKnown() {
    assertEquals("other", postgres.table("other.public.customers").catalog());
    NameResolver unknown = new NameResolver(Dialect.POSTGRESQL, null, null);
    assertEquals(unknown.table("customers"), unknown.table("other.public.customers"));
  }

  @Test
  void unqualifiedPgNamesMayBeSystemCatalogs() {
    assertEquals(List.of(new TableName("demo", "pg_catalog", "pg_authid"),
            new TableName("demo", "public", "pg_authid")),
        postgres.tableCandidates(List.of("pg_authid")));
  }

  @Test
  void configuredColumnsResolveWithTheSameRules() {
    NameResolver.QualifiedColumn c = postgres.column("public.customers.Card_Number");
    assertEquals(postgres.table("customers"), c.table());
    assertEquals("card_number", c.column());
    assertThrows(IllegalArgumentException.class, () -> postgres.column("card_number"));
    assertThrows(IllegalArgumentException.class, () -> postgres.table("customers; drop"));
  }

  @Test
  void settingsForADatasourceTakeTheDatabaseFromTheUrl() {
    DatasourceConfig ds = new DatasourceConfig("orders", "jdbc:postgresql://db:5432/orders?ssl=true",
        "app", null, null, Dialect.AUTO, DatasourceConfig.PoolConfig.DEFAULT, List.of(), Map.of());
    AnalyzerSettings s = AnalyzerSettings.forDatasource(ds);
    assertEquals(Dialect.POSTGRESQL, s.dialect());
    assertEquals("orders", s.catalog());
    DatasourceConfig maria = new DatasourceConfig("shop", "jdbc:mariadb://db/shop", "app", null,
        null, Dialect.AUTO, DatasourceConfig.PoolConfig.DEFAULT, List.of(), Map.of());
    assertEquals("shop", AnalyzerSettings.forDatasource(maria).defaultSchema());
    DatasourceConfig h2ds = new DatasourceConfig("demo", "jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1",
        null, null, null, Dialect.AUTO, DatasourceConfig.PoolConfig.DEFAULT, List.of(), Map.of());
    assertEquals("demo", AnalyzerSettings.forDatasource(h2ds).catalog());
  }
}
