package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import dev.gatehouse.sidecar.sql.SqlToken.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Resolves names the way the backend does (SPEC §5: {@code customers}, {@code public.customers},
 * {@code "public"."customers"} and {@code PUBLIC.CUSTOMERS} are one table when they are one
 * table). The analysis resolves every name in a statement with it, and the policy resolves the
 * names in its rules with it, so both sides compare canonical names.
 *
 * <p>Rules per dialect:
 * <ul>
 *   <li>H2: unquoted identifiers fold to upper case ({@code toUpperCase(Locale.ENGLISH)}, as H2
 *       does: {@code straße} is {@code STRASSE}); {@code "…"} keeps case. Default schema
 *       {@code PUBLIC}.
 *   <li>PostgreSQL: unquoted identifiers fold ASCII letters to lower case (only those, as the
 *       server does with UTF-8); {@code "…"} keeps case; every identifier is truncated to 63
 *       bytes. Default schema {@code public}. An unqualified name starting with {@code pg_} may
 *       be a system catalog ({@code pg_catalog} is searched before the search path), so it
 *       resolves to both {@code pg_catalog.x} and {@code <default>.x}.
 *   <li>MariaDB: names are compared case-insensitively, quoted ({@code `…`}) or not: every name
 *       folds to lower case. This matches {@code lower_case_table_names=1/2}; on a Linux server
 *       with the default {@code 0}, two tables differing only in case would be treated as one.
 *       That choice can only over-match (a deny rule on {@code customers} also catches
 *       {@code Customers}); the opposite choice would let {@code CUSTOMERS} slip past such a rule
 *       on servers that ignore case. The schema is the database; there are no catalogs.
 * </ul>
 *
 * <p>Catalogs: PostgreSQL and H2 refuse a qualifier naming another database, so a catalog
 * qualifier can only name the connection's own. When the datasource's catalog is configured, a
 * different one is kept (the statement will fail; it is not confused with the real table); when
 * it is not, every catalog qualifier is taken to mean the connection's database.
 */
public final class NameResolver {
  private static final int POSTGRES_MAX_IDENTIFIER_BYTES = 63;

  private final Dialect dialect;
  private final String catalog;
  private final String defaultSchema;

  /**
   * @param dialect H2, POSTGRESQL or MARIADB
   * @param catalog the connection's database as configured (written like an SQL identifier, so
   *     {@code demo} folds and {@code "demo"} does not); {@code null} when unknown
   * @param defaultSchema the schema unqualified names resolve to, written like an SQL identifier;
   *     {@code null} for the dialect's default (required for MariaDB: the database name)
   */
  public NameResolver(Dialect dialect, String catalog, String defaultSchema) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    if (dialect == Dialect.AUTO) {
      throw new IllegalArgumentException("resolve the dialect before analysing (AUTO given)");
    }
    this.catalog = dialect == Dialect.MARIADB || catalog == null ? null : identifier(catalog);
    if (defaultSchema == null) {
      if (dialect == Dialect.MARIADB) {
        throw new IllegalArgumentException("MariaDB needs a default schema: the database name");
      }
      defaultSchema = dialect == Dialect.H2 ? "PUBLIC" : "public";
    }
    this.defaultSchema = identifier(defaultSchema);
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The schema unqualified table names resolve to, canonical. */
  public String defaultSchema() {
    return defaultSchema;
  }

  /** The configured catalog, canonical, or {@code null}. */
  public String catalog() {
    return catalog;
  }

  /**
   * The canonical form of one identifier as written in SQL: quotes removed and doubled quotes
   * undone when quoted, case folded otherwise (see the class comment).
   */
  public String identifier(String written) {
    String name;
    if (isQuoted(written)) {
      char quote = written.charAt(0);
      name = written.substring(1, written.length() - 1)
          .replace(String.valueOf(quote) + quote, String.valueOf(quote));
      if (dialect == Dialect.MARIADB) {
        name = name.toLowerCase(Locale.ROOT);
      }
    } else {
      name = fold(written);
    }
    return dialect == Dialect.POSTGRESQL ? truncate(name) : name;
  }

  /** True when {@code written} is a delimited identifier in this dialect. */
  public boolean isQuoted(String written) {
    if (written.length() < 2) {
      return false;
    }
    char first = written.charAt(0);
    char quote = dialect == Dialect.MARIADB ? '`' : '"';
    return first == quote && written.charAt(written.length() - 1) == quote;
  }

  /**
   * Resolves a table name as a policy file writes it ({@code customers},
   * {@code public.customers}, {@code "Public"."Orders"}, {@code demo.public.customers}).
   *
   * @throws IllegalArgumentException when it is not a table name in this dialect
   */
  public TableName table(String configured) {
    try {
      return table(splitQualified(configured));
    } catch (NotUnderstoodException e) {
      throw new IllegalArgumentException(e.reason());
    }
  }

  /**
   * Resolves a column name as a policy file writes it, {@code [catalog.]schema.table.column} or
   * {@code table.column}.
   *
   * @return the table and the canonical column name
   * @throws IllegalArgumentException when it is not a qualified column name
   */
  public QualifiedColumn column(String configured) {
    List<String> parts = splitQualified(configured);
    if (parts.size() < 2) {
      throw new IllegalArgumentException("a column needs its table: " + configured);
    }
    try {
      TableName table = table(parts.subList(0, parts.size() - 1));
      return new QualifiedColumn(table, identifier(parts.get(parts.size() - 1)));
    } catch (NotUnderstoodException e) {
      throw new IllegalArgumentException(e.reason());
    }
  }

  /**
   * A column of a table, as a policy names it.
   *
   * @param table the table
   * @param column the canonical column name
   */
  public record QualifiedColumn(TableName table, String column) {}

  /**
   * Resolves 1–3 written identifier parts ({@code [catalog.][schema.]table}).
   *
   * @throws NotUnderstoodException when they do not form a table name in this dialect
   */
  TableName table(List<String> parts) {
    if (parts.isEmpty() || parts.size() > 3 || (dialect == Dialect.MARIADB && parts.size() > 2)) {
      throw new NotUnderstoodException("not a table name in " + dialect + ": "
          + String.join(".", parts));
    }
    String name = identifier(parts.get(parts.size() - 1));
    String schema = parts.size() >= 2 ? identifier(parts.get(parts.size() - 2)) : defaultSchema;
    String cat = catalog;
    if (parts.size() == 3) {
      String written = identifier(parts.get(0));
      cat = catalog == null || catalog.equals(written) ? catalog : written;
    }
    return new TableName(cat, schema, name);
  }

  /**
   * Every table an unqualified or qualified reference may denote. Only PostgreSQL's implicit
   * {@code pg_catalog} search makes this more than one.
   */
  List<TableName> tableCandidates(List<String> parts) {
    TableName resolved = table(parts);
    if (dialect == Dialect.POSTGRESQL && parts.size() == 1 && resolved.table().startsWith("pg_")
        && !"pg_catalog".equals(resolved.schema())) {
      return List.of(new TableName(catalog, "pg_catalog", resolved.table()), resolved);
    }
    return List.of(resolved);
  }

  private String fold(String unquoted) {
    switch (dialect) {
      case H2:
        return unquoted.toUpperCase(Locale.ENGLISH);
      case POSTGRESQL:
        return asciiLowerCase(unquoted);
      default:
        return unquoted.toLowerCase(Locale.ROOT);
    }
  }

  private static String asciiLowerCase(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] = (char) (chars[i] + ('a' - 'A'));
      }
    }
    return new String(chars);
  }

  /** PostgreSQL truncates identifiers to NAMEDATALEN-1 bytes, never splitting a character. */
  private static String truncate(String name) {
    if (name.length() * 3 <= POSTGRES_MAX_IDENTIFIER_BYTES
        || name.getBytes(StandardCharsets.UTF_8).length <= POSTGRES_MAX_IDENTIFIER_BYTES) {
      return name;
    }
    int bytes = 0;
    int i = 0;
    while (i < name.length()) {
      int cp = name.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > POSTGRES_MAX_IDENTIFIER_BYTES) {
        break;
      }
      bytes += size;
      i += Character.charCount(cp);
    }
    return name.substring(0, i);
  }

  private List<String> splitQualified(String configured) {
    String text = Objects.requireNonNull(configured, "name").trim();
    List<SqlToken> tokens;
    try {
      tokens = new SqlLexer(dialect).tokenize(text);
    } catch (NotUnderstoodException e) {
      throw new IllegalArgumentException("not a name: " + configured + " (" + e.reason() + ")");
    }
    List<String> parts = new ArrayList<>(3);
    boolean expectName = true;
    for (SqlToken t : tokens) {
      if (expectName && (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_NAME)) {
        parts.add(t.text(text));
        expectName = false;
      } else if (!expectName && t.kind() == Kind.DOT) {
        expectName = true;
      } else {
        throw new IllegalArgumentException("not a qualified name: " + configured);
      }
    }
    if (expectName) {
      throw new IllegalArgumentException("not a qualified name: " + configured);
    }
    return parts;
  }
}
