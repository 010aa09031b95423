package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A throughput harness, not a test: values/s, MB/s and bytes allocated per value for
 * {@link ContentDetectors#scrub} with every detector over typical mixes of values, and for each
 * masking method. One thread, timed by the thread's CPU time (so per core-second, and not
 * skewed by other load on a shared machine); prints figures and asserts nothing.
 *
 * <p>Run with {@code mvn -q -B -o -pl sidecar -am test -Dtest=MaskThroughputTest
 * -Dgatehouse.mask.throughput=true -Dsurefire.failIfNoSpecifiedTests=false}; the table is in
 * {@code sidecar/target/mask-throughput.txt}.
 */
public final class MaskThroughputMain {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final long measureMillis;
  private final PrintStream out;
  private volatile long sink;

  MaskThroughputMain(long measureMillis, PrintStream out) {
    this.measureMillis = measureMillis;
    this.out = out;
  }

  public static void main(String[] args) {
    new MaskThroughputMain(args.length > 0 ? Long.parseLong(args[0]) : 2000, System.out).run();
  }

  void run() {
    ContentDetectors all =
        ContentDetectors.of(EnumSet.allOf(Detector.class), MaskMethod.REDACT, null);
    out.printf("%d ms CPU per row after %d ms warm-up, one thread; %s%n", measureMillis,
        measureMillis, System.getProperty("java.vm.name") + " " + Runtime.version());
    out.printf("%-42s %12s %8s %10s %10s%n", "scrub, all detectors", "values/s", "MB/s",
        "ns/value", "B/value");
    Random random = new Random(1);
    row("short names", names(), all::scrub);
    row("email addresses", emails(random), all::scrub);
    row("notes, no PII (40-120 chars)", notes(random, 0), all::scrub);
    row("notes, 30% with PII", notes(random, 30), all::scrub);
    row("backend error messages", errors(), all::scrub);
    row("1 KB text, no PII", kilobyteTexts(random, false), all::scrub);
    row("1 KB text, one card in it", kilobyteTexts(random, true), all::scrub);
    out.println();
    out.printf("%-42s %12s %8s %10s %10s%n", "scrub 1 KB text (no PII), one detector",
        "values/s", "MB/s", "ns/value", "B/value");
    List<String> kilobyte = kilobyteTexts(random, false);
    row("the pre-scan alone", kilobyte, value -> TextFeatures.of(value) == -1 ? null : value);
    for (Detector detector : Detector.values()) {
      row(detector.name().toLowerCase(java.util.Locale.ROOT), kilobyte,
          ContentDetectors.of(EnumSet.of(detector), MaskMethod.REDACT, null)::scrub);
    }
    out.println();
    out.printf("%-42s %12s %8s %10s %10s%n", "masking method", "values/s", "MB/s",
        "ns/value", "B/value");
    List<String> cards = cards(random);
    List<String> emails = emails(random);
    row("redact (cards)", cards, Masker.of(MaskMethod.REDACT, null)::mask);
    row("last4 (cards)", cards, Masker.of(MaskMethod.LAST4, null)::mask);
    row("hash (cards)", cards, Masker.of(MaskMethod.HASH, MaskingKey.random())::mask);
    row("hash (1 KB text)", kilobyteTexts(random, false),
        Masker.of(MaskMethod.HASH, MaskingKey.random())::mask);
    row("email (addresses)", emails, Masker.of(MaskMethod.EMAIL, null)::mask);
  }

  private void row(String name, List<String> values, UnaryOperator<String> mask) {
    String[] array = values.toArray(new String[0]);
    long chars = 0;
    for (String value : array) {
      chars += value.length();
    }
    loop(array, mask, measureMillis);
    long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
    long start = THREADS.getCurrentThreadCpuTime();
    long rounds = loop(array, mask, measureMillis);
    long nanos = THREADS.getCurrentThreadCpuTime() - start;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
    long count = rounds * array.length;
    double seconds = nanos / 1e9;
    out.printf("%-42s %12.0f %8.1f %10.0f %10.0f%n", name, count / seconds,
        rounds * chars / seconds / 1e6, nanos / (double) count, allocated / (double) count);
  }

  /** Masks all values round after round until the thread has used the time; the rounds. */
  private long loop(String[] values, UnaryOperator<String> mask, long millis) {
    long deadline = THREADS.getCurrentThreadCpuTime() + millis * 1_000_000;
    // reading the CPU clock is a system call: once per 10,000 values or more
    int batch = Math.max(1, 10_000 / values.length);
    long rounds = 0;
    long seen = 0;
    do {
      for (int b = 0; b < batch; b++) {
        for (String value : values) {
          String shown = mask.apply(value);
          seen += shown == null ? 0 : shown.length();
        }
      }
      rounds += batch;
    } while (THREADS.getCurrentThreadCpuTime() < deadline);
    sink += seen;
    return rounds;
  }

  static List<String> names() {
    return List.of("Jane Doe", "John Smith", "Müller", "O'Brien", "李小龙", "ACME Corp",
        "Zoë Saldaña", "Renée", "Bob", "Alice Wonderland", "Dr. Maria García-López",
        "Jean-Luc Picard", "Ivan Petrov", "Анна Каренина", "N/A", "SKU-1042", "red", "EUR",
        "Berlin", "active", "2024-01-15", "42", "true", "Premium plan");
  }

  static List<String> emails(Random random) {
    String[] locals = {"alice", "bob.smith", "j.doe+news", "support", "x_y-z", "maria.garcia"};
    String[] domains = {"example.com", "mail.example.co.uk", "corp.example", "uni.example.edu"};
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      emails.add(locals[random.nextInt(locals.length)] + i + "@"
          + domains[random.nextInt(domains.length)]);
    }
    return emails;
  }

  static List<String> cards(Random random) {
    List<String> cards = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      StringBuilder digits = new StringBuilder("4");
      while (digits.length() < 15) {
        digits.append(random.nextInt(10));
      }
      digits.append(DetectorPropertyTest.luhnCheckDigit(digits));
      cards.add(i % 2 == 0 ? digits.toString()
          : digits.toString().replaceAll("(\\d{4})(?!$)", "$1-"));
    }
    return cards;
  }

  static final String[] PLAIN_NOTES = {
    "Customer called about the delivery, will call back tomorrow morning.",
    "Order 48213 shipped on 2024-01-15 via DHL, tracking to follow.",
    "Meeting at 10:30 in room 4; see https://wiki.example.com/onboarding for details.",
    "Refund of 99.95 EUR approved by team lead, ticket #5521.",
    "Prefers contact by phone in the afternoon. Speaks German and French.",
    "Upgraded to premium plan, discount code SPRING24 applied (15%).",
    "Address changed: Hauptstraße 12, 10115 Berlin.",
    "No answer, left a voicemail.",
  };
  static final String[] PII = {
    "card 4111 1111 1111 1111", "mail jane.doe@example.com", "SSN 123-45-6789",
    "IBAN DE89 3704 0044 0532 0130 00", "password=hunter2", "phone +1 555 123 4567",
  };

  static List<String> notes(Random random, int piiPercent) {
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      String note = PLAIN_NOTES[random.nextInt(PLAIN_NOTES.length)];
      if (random.nextInt(100) < piiPercent) {
        note = note + " " + PII[random.nextInt(PII.length)] + ".";
      }
      notes.add(note);
    }
    return notes;
  }

  static List<String> errors() {
    return List.of(
        "ERROR: duplicate key value violates unique constraint \"orders_pkey\"\n"
            + "  Detail: Key (id)=(48213) already exists.",
        "ERROR: relation \"custmers\" does not exist\n  Position: 15",
        "ERROR: column \"emial\" does not exist\n  Hint: Perhaps you meant to reference the "
            + "column \"customers.email\".",
        "ERROR: new row for relation \"payments\" violates check constraint \"amount_positive\"\n"
            + "  Detail: Failing row contains (7, 4111 1111 1111 1111, -5.00).",
        "ERROR: canceling statement due to statement timeout",
        "Data truncation: Data too long for column 'note' at row 1");
  }

  static List<String> kilobyteTexts(Random random, boolean withCard) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      StringBuilder text = new StringBuilder(1100);
      while (text.length() < 1024) {
        text.append(PLAIN_NOTES[random.nextInt(PLAIN_NOTES.length)]).append(' ');
      }
      if (withCard) {
        text.insert(random.nextInt(900), " card 4111 1111 1111 1111 ");
      }
      texts.add(text.substring(0, 1024));
    }
    return texts;
  }
}
