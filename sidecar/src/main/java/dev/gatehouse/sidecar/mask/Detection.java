package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.mask.ContentDetectors.Finding;
import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import java.util.ArrayList;
import java.util.List;

/**
 * What the detectors found in one value: merged spans over the text they read (the folded
 * text when the value needed folding), and the way back to the original's indices.
 */
final class Detection {
  /** How one span is shown. */
  interface Replacement {
    String of(Detector detector, String subject, int start, int end);
  }

  private final String subject;
  private final FoldedText folded;
  private final Spans spans;

  Detection(String subject, FoldedText folded, Spans spans) {
    this.subject = subject;
    this.folded = folded;
    this.spans = spans;
  }

  /** {@code original} with every span replaced. */
  String render(String original, Replacement replacement) {
    StringBuilder out = new StringBuilder(original.length() + 16 * spans.size());
    int copied = 0;
    for (int i = 0; i < spans.size(); i++) {
      int start = originalStart(spans.start(i));
      out.append(original, copied, start)
          .append(replacement.of(spans.detector(i), subject, spans.start(i), spans.end(i)));
      copied = originalEnd(spans.end(i));
    }
    return out.append(original, copied, original.length()).toString();
  }

  List<Finding> findings() {
    List<Finding> findings = new ArrayList<>(spans.size());
    for (int i = 0; i < spans.size(); i++) {
      findings.add(new Finding(spans.detector(i), originalStart(spans.start(i)),
          originalEnd(spans.end(i))));
    }
    return List.copyOf(findings);
  }

  private int originalStart(int start) {
    return folded == null ? start : folded.originalStart(start);
  }

  private int originalEnd(int end) {
    return folded == null ? end : folded.originalEnd(end);
  }
}
