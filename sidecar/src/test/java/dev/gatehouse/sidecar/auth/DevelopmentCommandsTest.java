package dev.gatehouse.sidecar.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.sidecar.cli.KeygenCommand;
import dev.gatehouse.sidecar.cli.TokenCommand;
import dev.gatehouse.sidecar.config.IdentityConfig;
import dev.gatehouse.sidecar.config.IssuerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code keygen} and {@code token} (SPEC §3), run as the CLI runs them. */
class DevelopmentCommandsTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path keygen() {
    Path out = dir.resolve("jwks.json");
    Run keygen = run(new KeygenCommand(), "--out", out.toString());
    assertEquals(0, keygen.exit(), keygen.err());
    return out;
  }

  TokenVerifier trustingPublicFile() {
    IssuerConfig issuer = new IssuerConfig(DevKeys.DEFAULT_ISSUER, List.of("gatehouse"), null,
        dir.resolve("jwks.public.json"), "groups", List.of());
    return new TokenVerifier(
        new IdentityConfig(List.of(issuer), Duration.ofMinutes(5), Duration.ofSeconds(30)));
  }

  @Test
  void keygenWritesAPrivateKeyOwnerOnlyAndThePublicKeyBesideIt() throws Exception {
    Path out = dir.resolve("jwks.json");
    Run run = run(new KeygenCommand(), "--out", out.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("private key: " + out + " (kid "), run.out());
    assertTrue(run.out().contains("public JWKS: " + dir.resolve("jwks.public.json")), run.out());
    assertTrue(run.out().contains("jwks_file: " + dir.resolve("jwks.public.json")), run.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    assertFalse(Files.readString(dir.resolve("jwks.public.json")).contains("\"d\""));
  }

  @Test
  void keygenNeverOverwritesWithoutForce() throws Exception {
    Path out = keygen();
    String before = Files.readString(out);
    Run again = run(new KeygenCommand(), "--out", out.toString());
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("exists; choose another file or add --force"), again.err());
    assertEquals(before, Files.readString(out));

    Run forced = run(new KeygenCommand(), "--out", out.toString(), "--force");
    assertEquals(0, forced.exit(), forced.err());
    assertNotEquals(before, Files.readString(out));
  }

  @Test
  void tokenPrintsOnlyATokenTheSidecarAccepts() throws Exception {
    Path key = keygen();
    Run run = run(new TokenCommand(), "--key", key.toString(), "--subject", "agent-1",
        "--groups", "agents,readers", "--claim", "tenant=acme", "--claim", "level:=3",
        "--claim", "regions:=[\"eu\",\"us\"]", "--ttl", "2m");
    assertEquals(0, run.exit(), run.err());
    String token = run.out().strip();
    assertFalse(token.contains("\n"), "one line only");
    assertEquals("", run.err());

    Principal principal = trustingPublicFile().verify(token);
    assertEquals("agent-1", principal.subject());
    assertEquals(Set.of("agents", "readers"), principal.groups());
    assertEquals(Optional.of("acme"), principal.claim("tenant"));
    assertEquals(Optional.of(3L), principal.claim("level"));
    assertEquals(Optional.of(List.of("eu", "us")), principal.claim("regions"));
    SignedJWT jwt = SignedJWT.parse(token);
    assertEquals(120, (jwt.getJWTClaimsSet().getExpirationTime().getTime()
        - jwt.getJWTClaimsSet().getIssueTime().getTime()) / 1000);
  }

  @Test
  void tokenTakesIssuerAndAudience() throws Exception {
    Path key = keygen();
    Run run = run(new TokenCommand(), "--key", key.toString(), "--subject", "s",
        "--issuer", "https://idp.test/other", "--audience", "reports");
    assertEquals(0, run.exit(), run.err());
    SignedJWT jwt = SignedJWT.parse(run.out().strip());
    assertEquals("https://idp.test/other", jwt.getJWTClaimsSet().getIssuer());
    assertEquals(List.of("reports"), jwt.getJWTClaimsSet().getAudience());
  }

  @Test
  void tokenWarnsThatALongTtlMeetsMaxTokenAge() {
    Path key = keygen();
    Run run = run(new TokenCommand(), "--key", key.toString(), "--subject", "s", "--ttl", "1h");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.err().contains("max_token_age"), run.err());
  }

  @Test
  void tokenExplainsBadInput() {
    Path key = keygen();
    Run publicKey = run(new TokenCommand(), "--key", dir.resolve("jwks.public.json").toString(),
        "--subject", "s");
    assertEquals(1, publicKey.exit());
    assertTrue(publicKey.err().contains("holds no private signing key"), publicKey.err());

    Run reserved = run(new TokenCommand(), "--key", key.toString(), "--subject", "s",
        "--claim", "sub=root");
    assertEquals(2, reserved.exit());
    assertTrue(reserved.err().contains("claim sub is set by the token builder"), reserved.err());

    Run badJson = run(new TokenCommand(), "--key", key.toString(), "--subject", "s",
        "--claim", "level:=three");
    assertEquals(2, badJson.exit());
    assertTrue(badJson.err().contains("is not a JSON value"), badJson.err());

    Run badTtl = run(new TokenCommand(), "--key", key.toString(), "--subject", "s",
        "--ttl", "5x");
    assertEquals(2, badTtl.exit());
    assertTrue(badTtl.err().contains("'5x' is not a duration"), badTtl.err());
    assertEquals("", badTtl.out());
  }
}
