package dev.gatehouse.sidecar.mask;

import com.google.protobuf.ByteString;
import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.ColumnVector;
import dev.gatehouse.proto.v1.ResultHeader;
import dev.gatehouse.proto.v1.RowBatch;
import dev.gatehouse.proto.v1.WireType;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one result is masked before it leaves the sidecar: per column, nothing, the column rule's
 * method (a plain pass-through of a masked column), or full redaction (anything derived from
 * one); then every text value is scanned by the content detectors.
 *
 * <p>A masked column travels as text (VARCHAR) whatever its type in the database, since the
 * masked form (****1111, h:…, [redacted]) is text; a column masked to NULL keeps its type.
 */
public final class ResultMasking {
  /** What happens to one column. */
  public enum Kind {
    NONE,
    METHOD,
    REDACT
  }

  /**
   * @param masker for {@link Kind#METHOD}
   * @param rule the masking rule (for the audit log)
   * @param nullOnly the column becomes NULL, keeping its type
   */
  public record Action(Kind kind, Masker masker, String rule, boolean nullOnly) {
    static final Action NONE = new Action(Kind.NONE, null, null, false);
  }

  /** A result nothing is done to. */
  public static final ResultMasking NONE = new ResultMasking(List.of(), List.of());

  private final List<Action> actions;
  private final List<ContentDetectors> detectors;
  private boolean[] scanned;

  ResultMasking(List<Action> actions, List<ContentDetectors> detectors) {
    this.actions = List.copyOf(actions);
    this.detectors = List.copyOf(detectors);
  }

  public boolean isNone() {
    return this == NONE;
  }

  /** The labels of the columns this result masks (for the audit log's masked_columns). */
  public List<String> maskedLabels(ResultHeader header) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < actions.size() && i < header.getColumnsCount(); i++) {
      if (actions.get(i).kind() != Kind.NONE) {
        out.add(header.getColumns(i).getLabel());
      }
    }
    return out;
  }

  /** The header the agent sees: masked columns are text (or keep their type when nulled). */
  public ResultHeader header(ResultHeader h) {
    if (isNone()) {
      return h;
    }
    ResultHeader.Builder b = h.toBuilder();
    scanned = new boolean[h.getColumnsCount()];
    for (int i = 0; i < h.getColumnsCount(); i++) {
      Action a = action(i);
      ColumnMeta c = h.getColumns(i);
      if (a.kind() != Kind.NONE && !a.nullOnly()) {
        c = c.toBuilder().setWireType(WireType.STRING).setJdbcType(Types.VARCHAR)
            .setTypeName("VARCHAR").setClassName(String.class.getName()).setPrecision(0)
            .setScale(0).setNullable(1).setMasked(true).setSigned(false).setCurrency(false)
            .build();
      } else if (a.kind() != Kind.NONE) {
        c = c.toBuilder().setNullable(1).setMasked(true).build();
      }
      b.setColumns(i, c);
      scanned[i] = c.getWireType() == WireType.STRING && !detectors.isEmpty();
    }
    return b.build();
  }

  /**
   * What happens to one column (from 0): {@link Action#NONE}-like (kind {@link Kind#NONE}) for a
   * column nothing is done to, besides the content detectors' scan of every text value.
   */
  public Action action(int column) {
    return column < actions.size() ? actions.get(column) : Action.NONE;
  }

  /**
   * Masks one batch. {@code original} is the header as the database described the columns
   * (the batch's vectors follow it); {@link #header} must have been called for this result.
   */
  public RowBatch apply(ResultHeader original, RowBatch batch) {
    if (isNone()) {
      return batch;
    }
    RowBatch.Builder out = null;
    for (int i = 0; i < batch.getColumnsCount(); i++) {
      Action a = action(i);
      ColumnVector v = batch.getColumns(i);
      ColumnVector masked = v;
      if (a.kind() != Kind.NONE) {
        masked = a.nullOnly() ? allNull(v, batch.getRowCount())
            : maskColumn(original.getColumns(i), v, batch.getRowCount(), a);
      }
      if (scanned != null && scanned[i]) {
        masked = scan(masked, batch.getRowCount());
      }
      if (masked != v) {
        if (out == null) {
          out = batch.toBuilder();
        }
        out.setColumns(i, masked);
      }
    }
    return out == null ? batch : out.build();
  }

  private static ColumnVector maskColumn(ColumnMeta meta, ColumnVector v, int rows, Action a) {
    ColumnVector.Builder b = ColumnVector.newBuilder();
    byte[] nulls = v.getNulls().toByteArray();
    byte[] maskedNulls = null;
    boolean text = meta.getWireType() == WireType.STRING;
    for (int r = 0; r < rows; r++) {
      if (ValueText.isNull(nulls, r)) {
        b.addStrings("");
        continue;
      }
      String shown = a.kind() == Kind.METHOD
          ? a.masker().mask(text ? v.getStrings(r) : ValueText.of(meta, v, r)) : Masker.REDACTED;
      if (shown == null) {
        // the method shows NULL (or could not render the value): a NULL the agent sees
        if (maskedNulls == null) {
          maskedNulls = Arrays.copyOf(nulls, (rows + 7) >>> 3);
        }
        ValueText.setNull(maskedNulls, r);
        b.addStrings("");
      } else {
        b.addStrings(shown);
      }
    }
    return b.setNulls(maskedNulls == null ? v.getNulls() : ByteString.copyFrom(maskedNulls))
        .build();
  }

  private static ColumnVector allNull(ColumnVector v, int rows) {
    ColumnVector.Builder b = v.toBuilder();
    byte[] bits = new byte[(rows + 7) >>> 3];
    for (int r = 0; r < rows; r++) {
      ValueText.setNull(bits, r);
    }
    return b.setNulls(ByteString.copyFrom(bits)).build();
  }

  private ColumnVector scan(ColumnVector v, int rows) {
    ColumnVector.Builder b = null;
    byte[] nulls = v.getNulls().toByteArray();
    List<String> strings = v.getStringsList();
    for (int r = 0; r < rows; r++) {
      if (ValueText.isNull(nulls, r)) {
        continue;
      }
      String original = strings.get(r);
      String s = original;
      for (ContentDetectors d : detectors) {
        s = s == null ? null : d.scrub(s);
      }
      if (s != original) {
        if (b == null) {
          b = v.toBuilder();
        }
        if (s == null) {
          b.setStrings(r, "");
          b.setNulls(ValueText.withNull(b.getNulls(), r, rows));
        } else {
          b.setStrings(r, s);
        }
      }
    }
    return b == null ? v : b.build();
  }
}
