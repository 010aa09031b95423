package dev.gatehouse.sidecar.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ColumnVector;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.WireType;
import dev.gatehouse.sidecar.mask.ResultMasking.Action;
import dev.gatehouse.sidecar.mask.ResultMasking.Kind;
import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import dev.gatehouse.sidecar.policy.MaskingRule.MaskMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link ResultMasking#apply} does to a batch, cell by cell: column methods, redaction,
 * nulled columns, the detectors' scan of every text value, and NULLs (the database's kept, the
 * ones a detector with method {@code null} makes added), across more than one byte of the null
 * bitmap.
 */
class ResultMaskingTest {
  private static final String CARD = "4111 1111 1111 1111";

  private static ColumnMeta column(String label, WireType type) {
    return ColumnMeta.newBuilder().setLabel(label).setWireType(type).build();
  }

  private static ColumnVector text(String... values) {
    ColumnVector.Builder v = ColumnVector.newBuilder();
    byte[] nulls = new byte[(values.length + 7) >>> 3];
    boolean any = false;
    for (int r = 0; r < values.length; r++) {
      v.addStrings(values[r] == null ? "" : values[r]);
      if (values[r] == null) {
        nulls[r >>> 3] |= (byte) (1 << (r & 7));
        any = true;
      }
    }
    return any ? v.setNulls(ByteString.copyFrom(nulls)).build() : v.build();
  }

  /** The cells of a vector as the agent reads them: text, or null. */
  private static List<String> cells(ColumnMeta meta, ColumnVector v, int rows) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      out.add(ValueText.of(meta, v, r));
    }
    return out;
  }

  private static Action method(MaskMethod method) {
    return new Action(Kind.METHOD, Masker.of(method, null), "rule", false);
  }

  private final ResultHeader header = ResultHeader.newBuilder()
      .addColumns(column("id", WireType.INT64))
      .addColumns(column("note", WireType.STRING))
      .addColumns(column("email", WireType.STRING))
      .addColumns(column("card", WireType.STRING))
      .addColumns(column("pin", WireType.INT64))
      .addColumns(column("secret", WireType.STRING))
      .addColumns(column("gone", WireType.STRING))
      .build();

  private final List<Action> actions = List.of(Action.NONE, Action.NONE, method(MaskMethod.EMAIL),
      method(MaskMethod.LAST4), method(MaskMethod.LAST4),
      new Action(Kind.REDACT, null, "derived", false), new Action(Kind.METHOD,
          Masker.of(MaskMethod.NULL, null), "gone", true));

  private RowBatch batch() {
    String[] notes = {"fine", null, "paid with " + CARD, "mail bob@example.com", "４１１１ １１１１ １１１１ １１１１",
        "ok", null, "card 4111-1111-1111-1111 and a@b.io", "", "last"};
    String[] emails = {"alice@example.com", null, "not an address", " carol@example.org ", "x@y.io",
        null, "d@4111111111111111.com", "e@example.com", "f@example.com", null};
    String[] cards = {CARD, CARD, null, "1234", "4111-1111-1111-1111", "", null, CARD, "４１１１１１１１１１１１１１１１",
        CARD};
    long[] pins = {12345678, 1, 0, 7, 99999999, 12, 13, 14, 15, 16};
    RowBatch.Builder b = RowBatch.newBuilder().setRowCount(10);
    ColumnVector.Builder ids = ColumnVector.newBuilder();
    ColumnVector.Builder pin = ColumnVector.newBuilder().setNulls(ByteString.copyFrom(new byte[] {0, 2}));
    for (int r = 0; r < 10; r++) {
      ids.addLongs(r);
      pin.addLongs(pins[r]);
    }
    return b.addColumns(ids).addColumns(text(notes)).addColumns(text(emails))
        .addColumns(text(cards)).addColumns(pin).addColumns(text(notes)).addColumns(text(cards))
        .build();
  }

  @Test
  void masksEveryCellAsItsColumnAndTheDetectorsSay() {
    ResultMasking masking = new ResultMasking(actions, List.of(ContentDetectors.of(
        EnumSet.of(Detector.CREDIT_CARD, Detector.EMAIL), MaskMethod.REDACT, null)));
    ResultHeader shown = masking.header(header);
    RowBatch out = masking.apply(header, batch());

    assertEquals(Arrays.asList("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        cells(shown.getColumns(0), out.getColumns(0), 10));
    assertEquals(Arrays.asList("fine", null, "paid with [redacted credit_card]",
        "mail [redacted email]", "[redacted credit_card]", "ok", null,
        "card [redacted credit_card] and [redacted email]", "", "last"),
        cells(shown.getColumns(1), out.getColumns(1), 10));
    assertEquals(Arrays.asList("***@example.com", null, "[redacted]", "***@example.org", "***@y.io",
        null, "***@[redacted credit_card].com", "***@example.com", "***@example.com", null),
        cells(shown.getColumns(2), out.getColumns(2), 10));
    assertEquals(Arrays.asList("**** **** **** 1111", "**** **** **** 1111", null, "****",
        "****-****-****-1111", "", null, "**** **** **** 1111", "************１１１１",
        "**** **** **** 1111"), cells(shown.getColumns(3), out.getColumns(3), 10));
    assertEquals(Arrays.asList("****5678", "*", "*", "*", "****9999", "**", "**", "**", "**", null),
        cells(shown.getColumns(4), out.getColumns(4), 10));
    assertEquals(Arrays.asList("[redacted]", null, "[redacted]", "[redacted]", "[redacted]",
        "[redacted]", null, "[redacted]", "[redacted]", "[redacted]"),
        cells(shown.getColumns(5), out.getColumns(5), 10));
    assertEquals(Arrays.asList(null, null, null, null, null, null, null, null, null, null),
        cells(shown.getColumns(6), out.getColumns(6), 10));
  }

  @Test
  void aDetectorWithMethodNullMakesTheCellNullAndKeepsTheOtherNulls() {
    ResultMasking masking = new ResultMasking(actions, List.of(ContentDetectors.of(
        EnumSet.of(Detector.CREDIT_CARD), MaskMethod.NULL, null)));
    ResultHeader shown = masking.header(header);
    RowBatch out = masking.apply(header, batch());

    assertEquals(Arrays.asList("fine", null, null, "mail bob@example.com", null, "ok", null, null,
        "", "last"), cells(shown.getColumns(1), out.getColumns(1), 10));
    assertEquals(Arrays.asList("***@example.com", null, "[redacted]", "***@example.org", "***@y.io",
        null, null, "***@example.com", "***@example.com", null),
        cells(shown.getColumns(2), out.getColumns(2), 10));
  }

  @Test
  void aBatchNothingIsFoundInComesBackAsItWas() {
    ResultMasking masking = new ResultMasking(List.of(Action.NONE, Action.NONE), List.of(
        ContentDetectors.of(EnumSet.of(Detector.CREDIT_CARD), MaskMethod.REDACT, null)));
    ResultHeader plain = ResultHeader.newBuilder().addColumns(column("id", WireType.INT64))
        .addColumns(column("name", WireType.STRING)).build();
    masking.header(plain);
    RowBatch batch = RowBatch.newBuilder().setRowCount(2)
        .addColumns(ColumnVector.newBuilder().addLongs(1).addLongs(2))
        .addColumns(text("customer-1", null)).build();
    assertSame(batch, masking.apply(plain, batch));
  }
}
