package dev.gatehouse.sidecar.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSplitterTest {
  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    List<String> parts =
        ScriptSplitter.split(
            "CREATE TABLE t (a VARCHAR(10)); -- a comment; with a semicolon\n"
                + "INSERT INTO t VALUES ('x;y'); INSERT INTO \"odd;name\" VALUES (1);\n;");
    assertEquals(
        List.of(
            "CREATE TABLE t (a VARCHAR(10))",
            "INSERT INTO t VALUES ('x;y')",
            "INSERT INTO \"odd;name\" VALUES (1)"),
        parts);
  }
}
