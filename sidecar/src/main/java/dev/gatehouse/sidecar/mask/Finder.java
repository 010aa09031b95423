package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;

/**
 * One way of finding sensitive spans in folded text. Every finder is a hand-written scanner,
 * linear in the length of the text whatever it holds (no regular expressions, so no
 * backtracking), and runs only when the pre-scan saw its {@link #gate() feature}.
 */
interface Finder {
  /** What a span found here is reported as. */
  Detector detector();

  /** The {@link TextFeatures} bits of which at least one must be present for a match. */
  int gate();

  /** Adds every span of {@code text} this finder matches to {@code out}, in ascending order. */
  void find(String text, Spans out);
}
