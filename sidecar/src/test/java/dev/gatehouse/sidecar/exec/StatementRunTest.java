package dev.gatehouse.sidecar.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a query needs no transaction of its own to stream (see {@link StatementRun#start}). */
class StatementRunTest {
  @ParameterizedTest(name = "fetch {0}, max rows {1}: fits one fetch {2}")
  @CsvSource({
    "1000, 0, false", // no cap: any size
    "1000, 999, true", // 1,000 rows asked for at most: one fetch's worth
    "1000, 1000, false", // 1,001 rows asked for (one to tell a cut result): one more than a fetch
    "1000, 5000, false",
    "1, 1, false",
    "0, 0, true", // no fetch size: nothing to stream in pieces
  })
  void aResultCappedBelowOneFetchNeedsNoCursor(int fetchSize, long maxRows, boolean fits) {
    assertEquals(fits, StatementRun.fitsOneFetch(fetchSize, maxRows));
  }
}
