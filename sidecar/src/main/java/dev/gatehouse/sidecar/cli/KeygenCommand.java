package dev.gatehouse.sidecar.cli;

import dev.gatehouse.sidecar.auth.DevKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keygen --out jwks.json}: writes a development signing key (SPEC §3), so a sidecar can
 * be tried without an identity provider. The private key goes to {@code --out} (mode 600), the
 * public key beside it for the sidecar's {@code jwks_file}.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a development signing key (EC P-256) as a JWKS file, and its public half beside it.",
      "For trying Gatehouse without an identity provider; never use it in production."
    })
public final class KeygenCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "where to write the private key (JWKS, file mode 600); must not exist")
  private Path out;

  @Option(
      names = "--public-out",
      paramLabel = "FILE",
      description = "where to write the public JWKS (default: next to --out, as NAME.public.json)")
  private Path publicOut;

  @Option(names = "--force", description = "replace existing files")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Path publicFile = publicOut != null ? publicOut : publicFileFor(out);
    DevKeys keys = DevKeys.generate();
    try {
      if (force) {
        Files.deleteIfExists(out);
        Files.deleteIfExists(publicFile);
      }
      keys.writePrivateJwks(out);
      keys.writePublicJwks(publicFile);
    } catch (FileAlreadyExistsException e) {
      stderr.println("keygen: " + e.getFile() + " exists; choose another file or add --force");
      return 1;
    } catch (IOException e) {
      stderr.println("keygen: can't write the key: " + e.getMessage());
      return 1;
    }
    stdout.println("private key: " + out + " (kid " + keys.keyId() + "; mode 600, keep it secret)");
    stdout.println("public JWKS: " + publicFile);
    stdout.println();
    stdout.println("Trust it in the sidecar configuration:");
    stdout.println("  identity:");
    stdout.println("    issuers:");
    stdout.println("      - issuer: " + DevKeys.DEFAULT_ISSUER);
    stdout.println("        audiences: [" + DevKeys.DEFAULT_AUDIENCE + "]");
    stdout.println("        jwks_file: " + publicFile);
    stdout.println("Mint a token:");
    stdout.println("  java -jar gatehouse-sidecar.jar token --key " + out
        + " --subject agent-1 --groups agents");
    stdout.flush();
    return 0;
  }

  /** {@code keys.json} → {@code keys.public.json}; {@code key} → {@code key.public.json}. */
  static Path publicFileFor(Path privateFile) {
    String name = privateFile.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return privateFile.resolveSibling(stem + ".public.json");
  }
}
