package dev.gatehouse.it.clients;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.unquotedName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/**
 * jOOQ's DSL through {@code jdbc:gatehouse}, the same on every database ({@link JooqH2ClientTest},
 * {@link JooqPostgresClientTest}): selects with joins and bind values, inserts and updates,
 * masking and the tenant's row filter visible in the records jOOQ maps, and refusals as jOOQ's
 * {@link DataAccessException} carrying our SQLState.
 *
 * <p>Names are unquoted, aliases included, as hand-written jOOQ over an unquoted schema renders
 * them, so one DSL runs on H2 (which folds them to upper case) and PostgreSQL (lower case). (A
 * plain {@code .as("o")} would quote the alias: {@code orders "o"} with {@code o.id} is an error
 * on H2, in the sidecar's analysis as in H2 itself.)
 */
abstract class JooqClientContract {
  static {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  static final Table<Record> ORDERS = table(unquotedName("orders")).as(unquotedName("o"));
  static final Field<Integer> ORDER_ID = field(unquotedName("o", "id"), Integer.class);
  static final Field<Integer> ORDER_CUSTOMER = field(unquotedName("o", "customer_id"), Integer.class);
  static final Field<BigDecimal> ORDER_TOTAL = field(unquotedName("o", "total"), BigDecimal.class);
  static final Field<String> ORDER_STATUS = field(unquotedName("o", "status"), String.class);

  static final Table<Record> CUSTOMERS = table(unquotedName("customers")).as(unquotedName("c"));
  static final Field<Integer> CUSTOMER_ID = field(unquotedName("c", "id"), Integer.class);
  static final Field<String> CUSTOMER_NAME = field(unquotedName("c", "full_name"), String.class);
  static final Field<String> CUSTOMER_EMAIL = field(unquotedName("c", "email"), String.class);
  static final Field<String> CUSTOMER_CARD = field(unquotedName("c", "card_number"), String.class);

  static final Table<Record> NOTES = table(unquotedName("order_notes"));
  static final Field<Integer> NOTE_ID = field(unquotedName("id"), Integer.class);
  static final Field<Integer> NOTE_ORDER = field(unquotedName("order_id"), Integer.class);
  static final Field<String> NOTE_BODY = field(unquotedName("body"), String.class);

  /** jOOQ acting as the agent of tenant 1, in the dialect of the database behind the sidecar. */
  abstract DSLContext dsl();

  @Test
  void selectWithJoinAndWhereSeesTheTenantMasked() {
    Result<Record3<Integer, String, String>> rows = dsl()
        .select(ORDER_ID, CUSTOMER_NAME, CUSTOMER_CARD)
        .from(ORDERS)
        .join(CUSTOMERS).on(CUSTOMER_ID.eq(ORDER_CUSTOMER))
        .where(ORDER_TOTAL.ge(new BigDecimal("15")))
        .orderBy(ORDER_ID)
        .fetch();
    assertEquals(List.of(12, 13), rows.getValues(ORDER_ID), "order 21 is tenant 2's");
    assertEquals(List.of("Alan Turing", "Ada Lovelace"), rows.getValues(CUSTOMER_NAME));
    assertEquals(List.of(Shop.ALAN_CARD_MASKED, Shop.ADA_CARD_MASKED),
        rows.getValues(CUSTOMER_CARD));
    Shop.assertNoSecret(rows.formatCSV());
  }

  @Test
  void equalityOnAMaskedColumnIsAllowedAndStillMasked() {
    // the cards rule allows equality predicates: the agent may look a card up, not read it
    List<String> cards = dsl().select(CUSTOMER_CARD).from(CUSTOMERS)
        .where(CUSTOMER_CARD.eq("4111111111111111")).fetch(CUSTOMER_CARD);
    assertEquals(List.of(Shop.ADA_CARD_MASKED), cards);
  }

  @Test
  void probingAMaskedColumnIsDenied() {
    // the emails rule allows no predicates at all: LIKE could read an address letter by letter
    DataAccessException e = assertThrows(DataAccessException.class,
        () -> dsl().selectCount().from(CUSTOMERS).where(CUSTOMER_EMAIL.like("ada%")).fetchOne());
    assertEquals("42501", e.sqlState(), e.getMessage());
  }

  @Test
  void insertAndUpdate() {
    assertEquals(1, dsl().insertInto(NOTES, NOTE_ID, NOTE_ORDER, NOTE_BODY)
        .values(501, 11, "inserted through jOOQ").execute());
    assertEquals("inserted through jOOQ",
        dsl().select(NOTE_BODY).from(NOTES).where(NOTE_ID.eq(501)).fetchOne(NOTE_BODY));

    Table<Record> orders = table(unquotedName("orders"));
    Field<String> status = field(unquotedName("status"), String.class);
    Field<Integer> id = field(unquotedName("id"), Integer.class);
    assertEquals(1, dsl().update(orders).set(status, "cancelled").where(id.eq(12)).execute());
    assertEquals(0, dsl().update(orders).set(status, "cancelled").where(id.eq(21)).execute(),
        "tenant 2's order is outside the row filter");
    assertEquals("cancelled",
        dsl().select(ORDER_STATUS).from(ORDERS).where(ORDER_ID.eq(12)).fetchOne(ORDER_STATUS));
  }

  @Test
  void deniedQueryIsDataAccessExceptionWithOurSqlState() {
    DataAccessException e = assertThrows(DataAccessException.class,
        () -> dsl().selectFrom(table(unquotedName("salaries"))).fetch());
    assertEquals("42501", e.sqlState());
    assertTrue(e.getMessage().contains("no-salaries"), e.getMessage());
  }

  @Test
  void insertIntoARowFilteredTableIsRefusedThoughARuleAllowsIt() {
    // agents-change-orders allows inserts, but a new row could be another tenant's
    Table<Record> orders = table(unquotedName("orders"));
    DataAccessException e = assertThrows(DataAccessException.class,
        () -> dsl().insertInto(orders).values(99, 2, 2, new BigDecimal("1.00"), "forged").execute());
    assertEquals("42501", e.sqlState(), e.getMessage());
    assertTrue(e.getMessage().contains("tenant-isolation"), e.getMessage());
  }
}
