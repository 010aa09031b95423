package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a corpus file: statements with expected analyses, one a line, so adding an attack is
 * adding a line.
 *
 * <pre>
 * &#64;postgresql,h2                         dialects for the lines below
 * SQL ==&gt; key: value; key: value          one case
 * </pre>
 *
 * In SQL, {@code {LF}}, {@code {CR}}, {@code {TAB}} and {@code {U+XXXX}} stand for characters
 * that cannot be written on one line. Keys: {@code kinds}, {@code read}, {@code written},
 * {@code dangerous}, {@code no-where} (exact sets, {@code -} for none), {@code limit},
 * {@code statements} (count), {@code calls} and {@code columns} (must be included),
 * {@code not-understood} (a reason fragment). Without {@code not-understood} every statement
 * must be understood.
 */
final class Corpus {
  private static final Pattern ESCAPE = Pattern.compile("\\{(LF|CR|TAB|U\\+([0-9A-Fa-f]{4}))\\}");

  /** One line of a corpus. */
  record Case(String file, int line, Dialect dialect, String sql, Map<String, String> expected) {
    @Override
    public String toString() {
      String shown = sql.length() > 70 ? sql.substring(0, 67) + "..." : sql;
      return file + ":" + line + " [" + dialect.name().toLowerCase(Locale.ROOT) + "] "
          + shown.replace("\n", "\\n");
    }
  }

  private Corpus() {}

  static List<Case> load(String resource) {
    List<Case> cases = new ArrayList<>();
    for (Line line : lines(resource)) {
      Map<String, String> expected = parseExpectations(line.expected(), resource, line.line());
      cases.add(new Case(line.file(), line.line(), line.dialect(), line.sql(), expected));
    }
    return cases;
  }

  /** One line of a corpus with its expectation as written, for corpora of their own format. */
  record Line(String file, int line, Dialect dialect, String sql, String expected) {
    @Override
    public String toString() {
      String shown = sql.length() > 80 ? sql.substring(0, 77) + "..." : sql;
      return file.substring(file.lastIndexOf('/') + 1) + ":" + line + " ["
          + dialect.name().toLowerCase(Locale.ROOT) + "] " + shown.replace("\n", "\\n");
    }
  }

  /** The lines of a corpus, one per dialect they apply to. */
  static List<Line> lines(String resource) {
    List<Line> lines = new ArrayList<>();
    try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing corpus " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Dialect> dialects = List.of(Dialect.POSTGRESQL);
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("@")) {
          dialects = new ArrayList<>();
          for (String d : line.substring(1).split(",")) {
            dialects.add(Dialect.valueOf(d.trim().toUpperCase(Locale.ROOT)));
          }
          continue;
        }
        int arrow = line.lastIndexOf(" ==> ");
        if (arrow < 0) {
          throw new IllegalStateException(resource + ":" + number + ": no ' ==> '");
        }
        String sql = unescape(line.substring(0, arrow));
        for (Dialect d : dialects) {
          lines.add(new Line(resource, number, d, sql, line.substring(arrow + 5).trim()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  private static Map<String, String> parseExpectations(String text, String file, int line) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int colon = part.indexOf(':');
      if (colon < 0) {
        throw new IllegalStateException(file + ":" + line + ": expectation without ':' " + part);
      }
      expected.put(part.substring(0, colon).trim(), part.substring(colon + 1).trim());
    }
    return expected;
  }

  static String unescape(String sql) {
    Matcher m = ESCAPE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      switch (m.group(1)) {
        case "LF":
          replacement = "\n";
          break;
        case "CR":
          replacement = "\r";
          break;
        case "TAB":
          replacement = "\t";
          break;
        default:
          replacement = String.valueOf((char) Integer.parseInt(m.group(2), 16));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Analyzers per dialect with the corpus's conventions (catalog demo, MariaDB db shop). Their
   * parse budget is generous: these tests are about what is found, and a cold JIT on a busy CI
   * machine must not turn into refusals ({@link ParseBudgetTest} tests the budget).
   */
  static Map<Dialect, SqlAnalyzer> analyzers() {
    Map<Dialect, SqlAnalyzer> analyzers = new EnumMap<>(Dialect.class);
    analyzers.put(Dialect.POSTGRESQL, analyzer(Dialect.POSTGRESQL, "demo", null));
    analyzers.put(Dialect.H2, analyzer(Dialect.H2, "demo", null));
    analyzers.put(Dialect.MARIADB, analyzer(Dialect.MARIADB, null, "shop"));
    return analyzers;
  }

  private static SqlAnalyzer analyzer(Dialect dialect, String catalog, String schema) {
    return new SqlAnalyzer(AnalyzerSettings.defaults(dialect, catalog, schema)
        .withParseBudget(java.time.Duration.ofSeconds(20)));
  }
}
