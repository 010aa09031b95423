package dev.gatehouse.it.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.experimental.rag.content.retriever.sql.SqlDatabaseContentRetriever;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.query.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The path an LLM agent's SQL tool takes: LangChain4j's {@code SqlDatabaseContentRetriever}
 * (langchain4j-experimental-sql) reads the schema through {@code DatabaseMetaData} into the
 * model's prompt, asks the model for SQL, runs it, hands the rows back, and on an error hands
 * the error message back to the model for another try. The model here is a stub that answers
 * with fixed SQL and records what it was told, so the test runs offline; everything else
 * (retriever, driver, sidecar, policy, H2) is real.
 *
 * <p>LangChain4j's own guard is that JSqlParser calls the SQL a SELECT; the sidecar is the
 * guard that counts: the schema the model is shown lists only what the policy lets the agent
 * read, denied SQL comes back as our 42501 message, which the retriever gives the model
 * verbatim, and what the model reads of masked columns stays masked.
 */
@Timeout(120)
class AgentSqlToolTest {
  @RegisterExtension
  static final GatehouseSidecar sidecar = Shop.onH2();

  private static HikariDataSource dataSource;

  /** A model that answers with the next canned SQL and remembers every conversation it had. */
  static final class ScriptedModel implements ChatModel {
    final Deque<String> answers;
    final List<List<ChatMessage>> conversations = new ArrayList<>();

    ScriptedModel(String... answers) {
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      conversations.add(List.copyOf(request.messages()));
      String sql = answers.isEmpty() ? "SELECT 'out of answers' AS oops" : answers.poll();
      return ChatResponse.builder().aiMessage(AiMessage.from(sql)).build();
    }

    String systemPrompt() {
      return ((SystemMessage) conversations.get(0).get(0)).text();
    }
  }

  @BeforeAll
  static void pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(sidecar.url());
    config.addDataSourceProperty("token", Shop.agent(sidecar).token());
    config.setMaximumPoolSize(2);
    dataSource = new HikariDataSource(config);
  }

  @AfterAll
  static void close() {
    dataSource.close();
  }

  private static SqlDatabaseContentRetriever retriever(ChatModel model, int retries) {
    return SqlDatabaseContentRetriever.builder()
        .dataSource(dataSource).chatModel(model).maxRetries(retries).build();
  }

  private static String ask(SqlDatabaseContentRetriever tool, String question) {
    List<Content> contents = tool.retrieve(Query.from(question));
    assertEquals(1, contents.size(), "the tool answered: " + contents);
    return contents.get(0).textSegment().text();
  }

  @Test
  void schemaDescriptionIsReadFromTheDriversMetadata() {
    ScriptedModel model = new ScriptedModel("SELECT COUNT(*) AS n FROM orders");
    String answer = ask(retriever(model, 0), "How many orders are there?");
    String prompt = model.systemPrompt();
    assertTrue(prompt.contains("H2 database"), prompt);
    assertTrue(prompt.contains("CREATE TABLE CUSTOMERS"), prompt);
    assertTrue(prompt.contains("CARD_NUMBER CHARACTER VARYING(19)"), prompt);
    assertTrue(prompt.contains("CREATE TABLE ORDERS"), prompt);
    assertTrue(prompt.contains("FOREIGN KEY (CUSTOMER_ID) REFERENCES CUSTOMERS(ID)"), prompt);
    assertTrue(answer.endsWith("\n3"), "tenant 1 has three orders: " + answer);
  }

  /**
   * The sidecar filters DatabaseMetaData by the policy: the model hears of the tables the agent
   * may read, and of nothing else (no salaries, no system catalogs).
   */
  @Test
  void schemaDescriptionLeavesOutTablesThePolicyDenies() {
    ScriptedModel model = new ScriptedModel("SELECT COUNT(*) AS n FROM orders");
    ask(retriever(model, 0), "How many orders are there?");
    String prompt = model.systemPrompt();
    List<String> tables = new ArrayList<>();
    Matcher m = Pattern.compile("CREATE TABLE (\\w+)").matcher(prompt);
    while (m.find()) {
      tables.add(m.group(1));
    }
    assertEquals(List.of("CUSTOMERS", "ORDERS", "ORDER_NOTES"), tables, prompt);
    assertFalse(prompt.toUpperCase(Locale.ROOT).contains("SALARIES"), prompt);
  }

  @Test
  void generatedSqlRunsMaskedAndCutToTheTenant() {
    ScriptedModel model = new ScriptedModel(
        "```sql\nSELECT full_name, email, card_number FROM customers ORDER BY id\n```");
    String answer = ask(retriever(model, 0), "List our customers with their cards");
    assertTrue(answer.contains("Ada Lovelace,"), answer);
    assertTrue(answer.contains("," + Shop.ADA_CARD_MASKED), answer);
    assertTrue(answer.contains("Alan Turing,"), answer);
    assertTrue(answer.contains("," + Shop.ALAN_CARD_MASKED), answer);
    Shop.assertNoSecret(answer);
  }

  @Test
  void deniedSqlGoesBackToTheModelAsThePolicysMessage() throws SQLException {
    String denied = "SELECT employee, amount FROM salaries ORDER BY amount DESC";
    ScriptedModel model = new ScriptedModel(denied, "SELECT COUNT(*) AS n FROM customers");
    String answer = ask(retriever(model, 1), "Who earns the most?");
    assertTrue(answer.endsWith("\n2"), answer);
    Shop.assertNoSecret(answer);

    assertEquals(2, model.conversations.size(), "one retry after the denial");
    List<ChatMessage> retry = model.conversations.get(1);
    assertEquals(denied, ((AiMessage) retry.get(2)).text());
    String handedBack = ((UserMessage) retry.get(3)).singleText();
    // the text the model got is exactly the driver's 42501 message for that SQL
    SQLException e = refusal(denied);
    assertEquals("42501", e.getSQLState());
    assertEquals(e.getMessage(), handedBack);
    assertTrue(handedBack.contains("no-salaries"), handedBack);
    assertTrue(handedBack.contains("salaries are for HR only"), handedBack);
  }

  /**
   * SQL that JSqlParser calls a SELECT but that writes (a table, a file, row locks): LangChain4j
   * runs it; the sidecar refuses it, the model is told why in our words, the data is unchanged.
   */
  @Test
  void writesDisguisedAsSelectsAreRefused() throws SQLException {
    Path loot = Path.of(System.getProperty("java.io.tmpdir"),
        "gatehouse-agent-loot-" + System.nanoTime());
    for (String disguised : List.of(
        "SELECT * INTO loot FROM customers",
        "SELECT FILE_WRITE('stolen', '" + loot + "')",
        "SELECT id FROM orders FOR UPDATE")) {
      ScriptedModel model = new ScriptedModel(disguised, "SELECT COUNT(*) AS n FROM customers");
      String answer = ask(retriever(model, 1), "Do something sneaky");
      assertEquals(2, model.conversations.size(), disguised + " was refused and retried");
      String handedBack = ((UserMessage) model.conversations.get(1).get(3)).singleText();
      SQLException e = refusal(disguised);
      assertEquals("42501", e.getSQLState(), disguised + " -> " + e.getMessage());
      assertEquals(e.getMessage(), handedBack);
      assertTrue(answer.endsWith("\n2"), answer);
    }
    assertFalse(Files.exists(loot), "FILE_WRITE ran");
  }

  /** What the driver throws for {@code sql}, run directly as the same agent. */
  private static SQLException refusal(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      return assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
    }
  }

  @Test
  void aToolWithoutATokenGetsNothing() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(sidecar.url());
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(1_000);
    try (HikariDataSource anonymous = new HikariDataSource(config)) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> SqlDatabaseContentRetriever
          .builder().dataSource(anonymous).chatModel(new ScriptedModel()).build());
      Throwable cause = e;
      while (cause != null && !(cause instanceof SQLException s && s.getSQLState() != null)) {
        cause = cause.getCause();
      }
      SQLException sql = assertInstanceOf(SQLException.class, cause, e.toString());
      assertEquals("28000", sql.getSQLState(), sql.getMessage());
    }
  }
}
