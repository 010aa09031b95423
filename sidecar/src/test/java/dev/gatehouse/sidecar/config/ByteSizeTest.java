package dev.gatehouse.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

  @ParameterizedTest
  @CsvSource({
    "1048576, 1048576",
    "512B, 512",
    "4KB, 4096",
    "4kib, 4096",
    "100MB, 104857600",
    "100MiB, 104857600",
    "1GiB, 1073741824",
    "2GB, 2147483648",
  })
  void readsSizesInBinaryUnits(String text, long bytes) {
    assertEquals(bytes, ByteSize.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MB", "1.5GB", "-1MB", "100 megabytes", "10PB"})
  void refusesWhatIsNotASize(String text) {
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
  }

  @org.junit.jupiter.api.Test
  void refusesSizesThatOverflow() {
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("999999999999999TB"));

    assertEquals("a size smaller than 8 EiB", thrown.getMessage());
  }
}
