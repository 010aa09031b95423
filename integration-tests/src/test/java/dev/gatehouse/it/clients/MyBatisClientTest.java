package dev.gatehouse.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MyBatis over {@code jdbc:gatehouse}: an annotated mapper with {@code #{}} parameters (sent as
 * bound parameters of a prepared statement), on MyBatis's own pooled data source with its ping
 * enabled; masked columns and the tenant's row filter arrive in the mapped objects; commit and
 * rollback go through MyBatis's JDBC transactions; refusals surface as MyBatis's
 * {@link PersistenceException} with our {@link SQLException} as the cause.
 */
@Timeout(120)
class MyBatisClientTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar = Shop.onH2();

  private static PooledDataSource dataSource;
  private static SqlSessionFactory sessions;

  /** A customer as MyBatis maps it (underscores to camel case). */
  public static final class Customer {
    private int id;
    private int tenantId;
    private String fullName;
    private String email;
    private String cardNumber;

    public int getId() {
      return id;
    }

    public void setId(int id) {
      this.id = id;
    }

    public int getTenantId() {
      return tenantId;
    }

    public void setTenantId(int tenantId) {
      this.tenantId = tenantId;
    }

    public String getFullName() {
      return fullName;
    }

    public void setFullName(String fullName) {
      this.fullName = fullName;
    }

    public String getEmail() {
      return email;
    }

    public void setEmail(String email) {
      this.email = email;
    }

    public String getCardNumber() {
      return cardNumber;
    }

    public void setCardNumber(String cardNumber) {
      this.cardNumber = cardNumber;
    }

    @Override
    public String toString() {
      return id + "/" + tenantId + "/" + fullName + "/" + email + "/" + cardNumber;
    }
  }

  /** The mapper under test. */
  public interface ShopMapper {
    @Select("SELECT id, tenant_id, full_name, email, card_number FROM customers WHERE id = #{id}")
    Customer customer(int id);

    @Select("SELECT id, tenant_id, full_name, email, card_number FROM customers"
        + " WHERE full_name LIKE #{pattern} ORDER BY id")
    List<Customer> customersNamed(String pattern);

    @Select("SELECT c.full_name AS name, SUM(o.total) AS spent FROM orders o"
        + " JOIN customers c ON c.id = o.customer_id"
        + " WHERE o.status = #{status} GROUP BY c.full_name ORDER BY c.full_name")
    List<Map<String, Object>> spendingByCustomer(@Param("status") String status);

    @Update("UPDATE orders SET status = #{status} WHERE id = #{id}")
    int setOrderStatus(@Param("id") int id, @Param("status") String status);

    @Insert("INSERT INTO order_notes (id, order_id, body) VALUES (#{id}, #{orderId}, #{body})")
    int addNote(@Param("id") int id, @Param("orderId") int orderId, @Param("body") String body);

    @Select("SELECT body FROM order_notes WHERE id = #{id}")
    String note(int id);

    @Select("SELECT employee, amount FROM salaries WHERE employee = #{employee}")
    Map<String, Object> salary(String employee);
  }

  @BeforeAll
  static void configure() {
    Properties driver = new Properties();
    driver.setProperty("token", Shop.agent(sidecar).token());
    dataSource = new PooledDataSource(
        MyBatisClientTest.class.getClassLoader(), "dev.gatehouse.driver.GatehouseDriver",
        sidecar.url(), driver);
    dataSource.setPoolPingEnabled(true);
    dataSource.setPoolPingQuery("SELECT 1");
    dataSource.setPoolPingConnectionsNotUsedFor(0);
    Configuration configuration = new Configuration(
        new Environment("gatehouse", new JdbcTransactionFactory(), dataSource));
    configuration.setMapUnderscoreToCamelCase(true);
    configuration.addMapper(ShopMapper.class);
    sessions = new SqlSessionFactoryBuilder().build(configuration);
  }

  @AfterAll
  static void close() {
    dataSource.forceCloseAll();
  }

  @Test
  void mappedObjectCarriesTheMaskedColumn() {
    try (SqlSession session = sessions.openSession()) {
      Customer ada = session.getMapper(ShopMapper.class).customer(1);
      assertEquals("Ada Lovelace", ada.getFullName());
      assertEquals(Shop.ADA_CARD_MASKED, ada.getCardNumber());
      assertTrue(ada.getEmail().endsWith("@example.com") && !ada.getEmail().startsWith("ada."),
          ada.getEmail());
      Shop.assertNoSecret(ada.toString());
    }
  }

  @Test
  void rowFilterAppliesToParameterisedLookups() {
    try (SqlSession session = sessions.openSession()) {
      ShopMapper shop = session.getMapper(ShopMapper.class);
      assertNull(shop.customer(2), "Grace is tenant 2's customer");
      List<Customer> all = shop.customersNamed("%");
      assertEquals(List.of(1, 3), all.stream().map(Customer::getId).toList());
      all.forEach(c -> assertEquals(1, c.getTenantId()));
      // a parameter is a value, never SQL: an injection attempt matches no name
      assertEquals(List.of(), shop.customersNamed("%' OR tenant_id = 2 OR '' = '"));
      Shop.assertNoSecret(all.toString());
    }
  }

  @Test
  void aggregateOverAJoinStaysInTheTenant() {
    try (SqlSession session = sessions.openSession()) {
      List<Map<String, Object>> spending =
          session.getMapper(ShopMapper.class).spendingByCustomer("paid");
      assertEquals(1, spending.size(), spending.toString());
      Map<String, Object> ada = spending.get(0);
      assertEquals("Ada Lovelace", ada.get("NAME"));
      assertEquals(0, new BigDecimal("40.00").compareTo((BigDecimal) ada.get("SPENT")));
    }
  }

  @Test
  void writesCommitAndRollBack() {
    try (SqlSession session = sessions.openSession()) {
      ShopMapper shop = session.getMapper(ShopMapper.class);
      assertEquals(1, shop.addNote(601, 11, "committed"));
      assertEquals(1, shop.setOrderStatus(11, "returned"));
      assertEquals(0, shop.setOrderStatus(21, "returned"), "not the tenant's order");
      session.commit();
    }
    try (SqlSession session = sessions.openSession()) {
      ShopMapper shop = session.getMapper(ShopMapper.class);
      assertEquals(1, shop.addNote(602, 11, "rolled back"));
      session.rollback(true);
    }
    try (SqlSession session = sessions.openSession()) {
      ShopMapper shop = session.getMapper(ShopMapper.class);
      assertEquals("committed", shop.note(601));
      assertNull(shop.note(602));
    }
  }

  @Test
  void deniedStatementIsAPersistenceExceptionWithOurSqlState() {
    try (SqlSession session = sessions.openSession()) {
      PersistenceException e = assertThrows(PersistenceException.class,
          () -> session.getMapper(ShopMapper.class).salary("Ada Lovelace"));
      SQLException cause = assertInstanceOf(SQLException.class, e.getCause(), e.toString());
      assertEquals("42501", cause.getSQLState());
      assertTrue(cause.getMessage().contains("no-salaries"), cause.getMessage());
    }
  }
}
