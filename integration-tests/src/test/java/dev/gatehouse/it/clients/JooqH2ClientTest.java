package dev.gatehouse.it.clients;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link JooqClientContract} on H2, plus the quoted, schema-qualified names jOOQ's code generator
 * emits.
 */
class JooqH2ClientTest extends JooqClientContract {
  @RegisterExtension
  static final GatehouseSidecar sidecar = Shop.onH2();

  private static Connection connection;

  @BeforeAll
  static void connect() throws SQLException {
    connection = sidecar.connect(Shop.agent(sidecar));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Override
  DSLContext dsl() {
    return DSL.using(connection, SQLDialect.H2);
  }

  private static final Table<Record> GENERATED_CUSTOMERS = table(name("PUBLIC", "CUSTOMERS"));
  private static final Field<Integer> GENERATED_ID =
      field(name("PUBLIC", "CUSTOMERS", "ID"), Integer.class);
  private static final Field<String> GENERATED_NAME =
      field(name("PUBLIC", "CUSTOMERS", "FULL_NAME"), String.class);
  private static final Field<String> GENERATED_CARD =
      field(name("PUBLIC", "CUSTOMERS", "CARD_NUMBER"), String.class);

  /**
   * Generated jOOQ code names everything quoted and schema-qualified, columns too
   * ({@code "PUBLIC"."CUSTOMERS"."CARD_NUMBER"}). The row filter puts the table in a derived
   * table; the schema-qualified references must follow it there, filtered and masked.
   */
  @Test
  void schemaQualifiedNamesAsGeneratedCodeWritesThem() {
    Result<Record2<String, String>> rows = dsl().select(GENERATED_NAME, GENERATED_CARD)
        .from(GENERATED_CUSTOMERS).orderBy(GENERATED_ID).fetch();
    assertEquals(List.of("Ada Lovelace", "Alan Turing"), rows.getValues(GENERATED_NAME));
    assertEquals(List.of(Shop.ADA_CARD_MASKED, Shop.ALAN_CARD_MASKED),
        rows.getValues(GENERATED_CARD));
    Shop.assertNoSecret(rows.formatCSV());
  }

  /** The same generated names with {@code renderSchema(false)}: filtered and masked. */
  @Test
  void generatedNamesWorkWithoutTheSchemaRendered() {
    DSLContext dsl = DSL.using(connection, SQLDialect.H2,
        new Settings().withRenderSchema(false));
    List<String> cards = dsl.select(GENERATED_CARD).from(GENERATED_CUSTOMERS)
        .orderBy(GENERATED_ID).fetch(GENERATED_CARD);
    assertEquals(List.of(Shop.ADA_CARD_MASKED, Shop.ALAN_CARD_MASKED), cards);
  }
}
