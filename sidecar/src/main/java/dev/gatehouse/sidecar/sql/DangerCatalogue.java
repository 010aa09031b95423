package dev.gatehouse.sidecar.sql;

import dev.gatehouse.sidecar.config.DatasourceConfig.Dialect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The per-dialect catalogue of dangerous functions, loaded once from {@code dangerous.tsv} next
 * to this class. Data, not code: adding a function is adding a line.
 */
final class DangerCatalogue {
  private static final String RESOURCE = "dangerous.tsv";

  private final Map<String, String> exact = new HashMap<>();
  private final List<Map.Entry<String, String>> prefixes = new ArrayList<>();

  private DangerCatalogue() {}

  /** The catalogue for one dialect. */
  static DangerCatalogue load(Dialect dialect) {
    DangerCatalogue catalogue = new DangerCatalogue();
    try (InputStream in = DangerCatalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        if (fields.length != 3) {
          throw new IllegalStateException(RESOURCE + ":" + number + ": expected 3 tab-separated"
              + " fields: dialect, name, reason");
        }
        if (Dialect.valueOf(fields[0]) == dialect) {
          catalogue.add(fields[1].toLowerCase(Locale.ROOT), fields[2]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return catalogue;
  }

  private void add(String name, String reason) {
    if (name.endsWith("*")) {
      prefixes.add(Map.entry(name.substring(0, name.length() - 1), reason));
    } else {
      exact.put(name, reason);
    }
  }

  /** The catalogue hit for a function name (any case, any schema), if it is dangerous. */
  Optional<DangerousUse> lookup(String functionName) {
    String name = functionName.toLowerCase(Locale.ROOT);
    String reason = exact.get(name);
    if (reason != null) {
      return Optional.of(new DangerousUse(name, reason));
    }
    for (Map.Entry<String, String> prefix : prefixes) {
      if (name.startsWith(prefix.getKey())) {
        return Optional.of(new DangerousUse(name, prefix.getValue()));
      }
    }
    return Optional.empty();
  }
}
