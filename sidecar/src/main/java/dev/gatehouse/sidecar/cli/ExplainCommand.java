package dev.gatehouse.sidecar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gatehouse.sidecar.auth.AuthenticationException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.config.ConfigException;
import dev.gatehouse.sidecar.config.GatehouseConfig;
import dev.gatehouse.sidecar.policytest.OfflineSidecar;
import dev.gatehouse.sidecar.policytest.StatementPlan;
import dev.gatehouse.sidecar.policytest.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code explain --config FILE --claims JSON --datasource D SQL} (SPEC §3): what the sidecar
 * sees in a statement and what it decides, without a database or a token. Exit 0 when explained
 * (whatever the decision), 1 when the configuration or policy has problems, 2 for bad arguments.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what the sidecar sees in SQL (kinds, tables, columns, functions, dangerous uses,"
          + " WHERE and LIMIT), how each action is judged, which rules match and the decision,"
          + " with the message the agent would get. Needs no database and no token.",
      "Exit 0: explained (whatever the decision); 1: the configuration or policy has problems;"
          + " 2: bad arguments."
    })
final class ExplainCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin PolicyOptions policy;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Claims claims;

  /** The claims, on the command line or in a file. */
  static final class Claims {
    @Option(names = "--claims", paramLabel = "JSON", required = true,
        description = "the token's claims as a JSON object, e.g. '{\"sub\":\"alice\","
            + "\"groups\":[\"agents\"],\"tenant\":1}'")
    String json;

    @Option(names = "--claims-file", paramLabel = "FILE", required = true,
        description = "a file holding the claims as a JSON object")
    Path file;
  }

  @Option(names = "--datasource", paramLabel = "NAME",
      description = "the datasource the agent is connected to (may be left out when there is"
          + " only one)")
  String datasource;

  @Option(names = "--json", description = "print the explanation as JSON, for machines")
  boolean json;

  @Parameters(index = "0", paramLabel = "SQL",
      description = "the SQL text as the agent would send it (one or more statements); - reads"
          + " it from standard input")
  String sql;

  private final PrintStream out;
  private final PrintStream err;

  ExplainCommand() {
    this(System.out, System.err);
  }

  /** With the streams to print to (tests). */
  ExplainCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    OfflineSidecar sidecar;
    try {
      GatehouseConfig config = policy.config();
      // with policy files alone, the datasource is whatever the agent would connect to
      sidecar = policy.load(config, Set.of(datasource == null ? "default" : datasource));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.println("explain: the configuration or policy has problems");
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("explain: " + e.getMessage());
      return 2;
    }
    Principal principal;
    String name;
    try {
      principal = sidecar.principal(readClaims());
      name = datasource(sidecar);
    } catch (IllegalArgumentException | AuthenticationException e) {
      err.println("explain: " + e.getMessage());
      return 2;
    }
    String text = sql.equals("-")
        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : sql;
    Verdict verdict = sidecar.judge(principal, name, text, 0);
    // no database here: a * is shown with what is masked in its table, not expanded
    List<StatementPlan> plans = sidecar.plan(principal, name, verdict, t -> Optional.empty());
    Map<String, Object> explanation =
        Explanation.of(principal, name, sidecar.analyzer(name).names(), text, verdict, plans);
    if (json) {
      out.println(JSON.writeValueAsString(explanation));
    } else {
      ExplanationText.print(explanation, out);
    }
    return 0;
  }

  private Map<String, Object> readClaims() {
    String text = claims.json;
    if (claims.file != null) {
      try {
        text = Files.readString(claims.file);
      } catch (IOException e) {
        throw new IllegalArgumentException("--claims-file: cannot read " + claims.file + ": "
            + e.getMessage());
      }
    }
    try {
      Map<String, Object> parsed =
          JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
      if (parsed == null) {
        throw new IllegalArgumentException("--claims: expected a JSON object, got null");
      }
      return parsed;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("--claims: expected a JSON object such as "
          + "{\"sub\":\"alice\",\"groups\":[\"agents\"]}: " + e.getOriginalMessage());
    }
  }

  private String datasource(OfflineSidecar sidecar) {
    if (datasource != null) {
      sidecar.analyzer(datasource); // names the datasources there are when it is unknown
      return datasource;
    }
    if (sidecar.datasources().size() == 1) {
      return sidecar.datasources().iterator().next();
    }
    throw new IllegalArgumentException("--datasource: name one of "
        + String.join(", ", sidecar.datasources()));
  }
}
