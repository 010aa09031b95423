package dev.gatehouse.sidecar.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a log (SPEC §3 {@code audit verify}): each record's hash against its content, the chain
 * of seq and prev_hash across the given files in order, and the end of the log against its head
 * and any externally kept anchors. Stops at the first problem and names it with file and line.
 *
 * <p>What this can prove, and what not, is written down in docs/AUDIT.md ("Threat model"). In
 * short: any change, insertion, removal or reordering of records before the last anchored one is
 * found; records cut off the end are found when a head or anchor names a later seq; a rewrite of
 * the whole suffix together with the head is found only by an anchor kept elsewhere.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * A record the log must contain: from the head file or from an external anchor.
   *
   * @param seq the record's seq
   * @param hash its hash
   * @param source where this came from, for messages
   */
  public record Anchor(long seq, String hash, String source) {
    private static final Pattern FORM = Pattern.compile("(\\d+):([0-9a-f]{64})");

    public Anchor {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(source, "source");
    }

    /** Parses {@code SEQ:HASH} as printed by the stdout sink's records or a shipped head. */
    public static Anchor parse(String text) {
      Matcher m = FORM.matcher(text.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "an anchor is SEQ:HASH with a 64-digit lower-case hex hash, not " + text);
      }
      return new Anchor(Long.parseLong(m.group(1)), m.group(2), "anchor " + m.group(1));
    }
  }

  /** Where a problem is: a file and a 1-based line, or line 0 for the file as a whole. */
  public record Problem(Path file, long line, String message) {
    @Override
    public String toString() {
      return (file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + message;
    }
  }

  /**
   * What was checked and found.
   *
   * @param files files read
   * @param records records that verified
   * @param firstSeq seq of the first record, 0 if none
   * @param lastSeq seq of the last record that verified, 0 if none
   * @param checked what was compared (head, anchors), one line each
   * @param warnings things a person should know that do not break the chain (a torn final
   *     line after a crash, a recovered crash, records past the head)
   * @param problem the first problem, or {@code null} when the log verifies
   */
  public record Report(
      int files,
      long records,
      long firstSeq,
      long lastSeq,
      List<String> checked,
      List<String> warnings,
      Problem problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  /**
   * Verifies {@code files} as one chain, in the order given.
   *
   * @param headFile the head to compare the end with, or {@code null} for none
   * @param anchors records known from elsewhere (a log shipper) that must be in the log
   * @param requireGenesis whether the first file must start the chain (no earlier files
   *     retired)
   * @throws IOException if a file cannot be read
   */
  public static Report verify(
      List<Path> files, Path headFile, List<Anchor> anchors, boolean requireGenesis)
      throws IOException {
    List<Anchor> expected = new ArrayList<>(anchors);
    List<String> checked = new ArrayList<>();
    if (headFile != null) {
      ChainHead head;
      try {
        head = ChainHead.read(headFile);
      } catch (IOException e) {
        return new Run(files, checked).fail(new Problem(headFile, 0, e.getMessage()));
      }
      if (head == null) {
        checked.add("head " + headFile + ": absent or empty, not compared");
      } else {
        expected.add(new Anchor(head.seq(), head.hash(), "head " + headFile));
      }
    }
    Run run = new Run(files, checked);
    return run.verify(expected, requireGenesis);
  }

  /** One verification pass; keeps the running state of the chain. */
  private static final class Run {
    private final List<Path> files;
    private final List<String> checked;
    private final List<String> warnings = new ArrayList<>();
    private final HashChain hasher = HashChain.genesis();
    private long records;
    private long firstSeq;
    private long lastSeq;
    private String lastHash;
    private Path lastFile;
    private long lastLine;

    Run(List<Path> files, List<String> checked) {
      this.files = files;
      this.checked = checked;
    }

    Report verify(List<Anchor> anchors, boolean requireGenesis) throws IOException {
      for (int i = 0; i < files.size(); i++) {
        Problem problem = verifyFile(files.get(i), i == files.size() - 1, anchors, requireGenesis);
        if (problem != null) {
          return fail(problem);
        }
      }
      for (Anchor anchor : anchors) {
        Problem problem = checkEnd(anchor);
        if (problem != null) {
          return fail(problem);
        }
      }
      return report(null);
    }

    private Problem verifyFile(Path file, boolean lastOfAll, List<Anchor> anchors,
        boolean requireGenesis) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new IOException("no such file: " + file);
      }
      try (LogLines lines = new LogLines(file)) {
        byte[] line;
        while ((line = lines.next()) != null) {
          RecordLine record;
          try {
            record = RecordLine.check(line, hasher);
          } catch (RecordLine.MalformedRecordException e) {
            if (!lines.terminated() && lastOfAll) {
              warnings.add(String.format("%s:%d: torn final line (crash?): %d bytes that are not "
                      + "a whole record; the %d records before it verify",
                  file, lines.number(), line.length, records));
              return null;
            }
            String where = lines.terminated() ? "" : " (a torn line, but not at the end of the "
                + "last file)";
            return new Problem(file, lines.number(), e.getMessage() + where);
          }
          Problem problem = checkRecord(record, file, lines.number(), requireGenesis);
          if (problem == null) {
            problem = checkAnchors(record, file, lines.number(), anchors);
          }
          if (problem != null) {
            return problem;
          }
          if (!lines.terminated()) {
            warnings.add(String.format("%s:%d: the final record has no newline (crash?); it "
                + "verifies", file, lines.number()));
          }
          accept(record, file, lines.number());
        }
      }
      return null;
    }

    private Problem checkRecord(RecordLine r, Path file, long line, boolean requireGenesis) {
      String at = "seq " + r.seq + ": ";
      if (!r.hashMatches) {
        return new Problem(file, line, at + "the hash does not match the record's content "
            + "(record modified)");
      }
      if (!r.canonical) {
        return new Problem(file, line, at + "the record's bytes are not in canonical form "
            + "(edited by hand?)");
      }
      if (records == 0) {
        return checkStart(r, file, line, requireGenesis);
      }
      if (r.seq <= lastSeq) {
        return new Problem(file, line, String.format("seq %d follows seq %d: records reordered "
            + "or duplicated (or files given out of order)", r.seq, lastSeq));
      }
      if (r.seq != lastSeq + 1) {
        return new Problem(file, line, String.format("seq %d follows seq %d: %d record(s) "
            + "missing (deleted or moved)", r.seq, lastSeq, r.seq - lastSeq - 1));
      }
      if (!r.prevHash.equals(lastHash)) {
        return new Problem(file, line, at + "prev_hash is not the hash of seq " + lastSeq
            + " (" + lastFile.getFileName() + ":" + lastLine + "): a record was inserted, "
            + "replaced or removed here");
      }
      return null;
    }

    private Problem checkStart(RecordLine r, Path file, long line, boolean requireGenesis) {
      boolean genesisHash = r.prevHash.equals(HashChain.GENESIS);
      if (r.seq == 1 && genesisHash) {
        checked.add("chain starts at genesis (seq 1)");
        return null;
      }
      if (r.seq == 1 || genesisHash) {
        return new Problem(file, line, "seq " + r.seq + " with prev_hash " + r.prevHash
            + ": only seq 1 starts from the genesis hash (forged start of the chain)");
      }
      if (requireGenesis) {
        return new Problem(file, line, "the chain starts at seq " + r.seq + ", not at genesis: "
            + "records 1 to " + (r.seq - 1) + " are missing");
      }
      checked.add("chain starts at seq " + r.seq + " (earlier records are not in these files: "
          + "rotated away, or deleted; use --require-genesis to insist on seq 1)");
      return null;
    }

    private Problem checkAnchors(RecordLine r, Path file, long line, List<Anchor> anchors) {
      for (Anchor anchor : anchors) {
        if (anchor.seq() == r.seq && !anchor.hash().equals(r.hash)) {
          return new Problem(file, line, String.format("seq %d has hash %s but %s records %s: "
              + "the log was rewritten from here on", r.seq, r.hash, anchor.source(),
              anchor.hash()));
        }
      }
      return null;
    }

    private void accept(RecordLine r, Path file, long line) {
      if (records == 0) {
        firstSeq = r.seq;
      }
      records++;
      lastSeq = r.seq;
      lastHash = r.hash;
      lastFile = file;
      lastLine = line;
      if ("log_recovered".equals(r.type())) {
        warnings.add(String.format("%s:%d: after a crash the writer removed a torn line (line %s "
                + "of %s, %s bytes) and went on; records before and after it verify",
            file, line, r.json.path("torn_line").asText("?"), r.json.path("file").asText("?"),
            r.json.path("torn_bytes").asText("?")));
      }
    }

    /** After all records: every anchor must name a record that was seen. */
    private Problem checkEnd(Anchor anchor) {
      if (anchor.seq() > lastSeq) {
        Path where = lastFile != null ? lastFile : files.isEmpty() ? null : files.get(0);
        return new Problem(where, lastLine, String.format("the log ends at seq %d but %s records "
            + "seq %d: the newest records were deleted (or lost in a power failure with "
            + "durability: write)", lastSeq, anchor.source(), anchor.seq()));
      }
      if (anchor.seq() == 0 && lastSeq == 0) {
        checked.add(anchor.source() + ": the log was empty, and is");
      } else if (anchor.seq() < firstSeq) {
        checked.add(anchor.source() + ": seq " + anchor.seq() + " is before these files; not "
            + "compared");
        if (anchor.seq() == 0) {
          warnings.add(String.format("%d record(s) are not covered by %s, which was written when "
              + "the log was empty", lastSeq - firstSeq + 1, anchor.source()));
        }
      } else if (anchor.seq() == lastSeq) {
        checked.add(anchor.source() + ": seq " + anchor.seq() + " matches the last record");
      } else {
        checked.add(anchor.source() + ": seq " + anchor.seq() + " matches");
        warnings.add(String.format("%d record(s) after seq %d are not covered by %s (written "
                + "just before a crash, or appended by someone who could not update it)",
            lastSeq - anchor.seq(), anchor.seq(), anchor.source()));
      }
      return null;
    }

    Report fail(Problem problem) {
      return report(problem);
    }

    private Report report(Problem problem) {
      return new Report(files.size(), records, firstSeq, lastSeq, List.copyOf(checked),
          List.copyOf(warnings), problem);
    }
  }
}
