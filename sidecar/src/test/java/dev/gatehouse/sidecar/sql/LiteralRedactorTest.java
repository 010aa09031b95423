package dev.gatehouse.sidecar.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteralRedactorTest {
  @Test
  void replacesStringsAndNumbersButKeepsNamesAndParameters() {
    assertEquals(
        "SELECT \"secret col\" FROM t WHERE a = ? AND b = ? AND c = ?",
        new LiteralRedactor(Dialect.POSTGRESQL)
            .redact("SELECT \"secret col\" FROM t WHERE a = 'it''s' AND b = 42 AND c = ?"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POSTGRESQL|SELECT E'4111\\'1111' FROM t|4111",
        "POSTGRESQL|SELECT $$4111111111111111$$|4111111111111111",
        "MARIADB|SELECT 'a\\'4111111111111111' FROM t|4111111111111111",
        "H2|SELECT 'unterminated 4111111111111111|4111111111111111",
      })
  void neverKeepsALiteralTheLexerCannotReadSafely(Dialect dialect, String sql, String secret) {
    assertFalse(new LiteralRedactor(dialect).redact(sql).contains(secret));
  }
}
