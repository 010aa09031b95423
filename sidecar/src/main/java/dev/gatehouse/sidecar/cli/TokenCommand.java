package dev.gatehouse.sidecar.cli;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.sidecar.auth.DevKeys;
import dev.gatehouse.sidecar.config.IdentityConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code token --key FILE --subject S …}: prints a token signed with a development key written by
 * {@code keygen} (SPEC §3). Only the token goes to standard output, so
 * {@code GATEHOUSE_TOKEN=$(… token …)} works.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Prints a token signed with a development key written by keygen.")
public final class TokenCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "the private JWKS written by keygen --out")
  private Path key;

  @Option(names = "--subject", required = true, paramLabel = "S",
      description = "the principal: the token's sub")
  private String subject;

  @Option(names = "--groups", split = ",", paramLabel = "GROUP",
      description = "groups, comma-separated (claim groups)")
  private List<String> groups = new ArrayList<>();

  @Option(names = "--claim", paramLabel = "NAME=VALUE",
      description = {
        "an extra claim, repeatable: tenant=acme is text;",
        "NAME:=JSON takes a JSON value, e.g. level:=3 or roles:='[\"a\",\"b\"]'"
      })
  private List<String> claims = new ArrayList<>();

  @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "5m",
      description = "how long the token is valid: 90s, 5m, 1h (default ${DEFAULT-VALUE})")
  private Duration ttl;

  @Option(names = "--issuer", paramLabel = "URL", defaultValue = DevKeys.DEFAULT_ISSUER,
      description = "iss (default ${DEFAULT-VALUE})")
  private String issuer;

  @Option(names = "--audience", paramLabel = "AUD", defaultValue = DevKeys.DEFAULT_AUDIENCE,
      description = "aud (default ${DEFAULT-VALUE})")
  private String audience;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    DevKeys keys;
    try {
      keys = DevKeys.load(key);
    } catch (IOException e) {
      stderr.println("token: " + e.getMessage());
      return 1;
    }
    DevKeys.TokenBuilder token;
    try {
      token = keys.token(subject).issuer(issuer).audience(audience).groups(groups).ttl(ttl);
      for (String claim : claims) {
        addClaim(token, claim);
      }
    } catch (IllegalArgumentException e) {
      stderr.println("token: " + e.getMessage());
      return 2;
    }
    if (ttl.compareTo(IdentityConfig.DEFAULT_MAX_TOKEN_AGE) > 0) {
      stderr.println("token: note: a sidecar refuses tokens issued more than max_token_age ago"
          + " (default 5m), whatever their ttl");
    }
    stdout.println(token.mint());
    stdout.flush();
    return 0;
  }

  private static void addClaim(DevKeys.TokenBuilder token, String claim) {
    int equals = claim.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException("--claim " + claim + ": write NAME=VALUE or NAME:=JSON");
    }
    if (claim.charAt(equals - 1) == ':') {
      String name = claim.substring(0, equals - 1);
      token.claim(name, parseJson(name, claim.substring(equals + 1)));
    } else {
      token.claim(claim.substring(0, equals), claim.substring(equals + 1));
    }
  }

  private static Object parseJson(String name, String json) {
    try {
      return JSONObjectUtils.parse("{\"v\":" + json + "}").get("v");
    } catch (ParseException e) {
      throw new IllegalArgumentException("--claim " + name + ":= is not a JSON value: " + json);
    }
  }

  /** {@code 90s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      String value = text.trim().toLowerCase(Locale.ROOT);
      try {
        if (value.startsWith("p")) {
          return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        switch (value.charAt(value.length() - 1)) {
          case 's':
            return Duration.ofSeconds(amount);
          case 'm':
            return Duration.ofMinutes(amount);
          case 'h':
            return Duration.ofHours(amount);
          case 'd':
            return Duration.ofDays(amount);
          default:
            break;
        }
      } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
        // fall through to the message below
      }
      throw new TypeConversionException("'" + text + "' is not a duration; write e.g. 90s, 5m, 1h");
    }
  }
}
