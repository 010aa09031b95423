package dev.gatehouse.sidecar.mask;

import dev.gatehouse.sidecar.policy.MaskingRule.Detector;
import java.util.Arrays;

/**
 * The spans found in one value, as {@code (start, end, detector)} triples in a growable int
 * array: allocated only when something is found. {@link #normalize()} sorts them and merges
 * overlaps, so each character is replaced at most once.
 */
final class Spans {
  private static final Detector[] DETECTORS = Detector.values();
  private static final int[] NONE = {};

  private int[] data = NONE;
  private int size;

  /** Adds a span; one overlapping the previous span of the same detector extends it. */
  void add(int start, int end, Detector detector) {
    if (size > 0 && start < end(size - 1) && start >= start(size - 1)
        && data[3 * size - 1] == detector.ordinal()) {
      data[3 * size - 2] = Math.max(end, end(size - 1));
      return;
    }
    if (3 * size == data.length) {
      data = Arrays.copyOf(data, Math.max(12, data.length * 2));
    }
    data[3 * size] = start;
    data[3 * size + 1] = end;
    data[3 * size + 2] = detector.ordinal();
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  int start(int i) {
    return data[3 * i];
  }

  int end(int i) {
    return data[3 * i + 1];
  }

  Detector detector(int i) {
    return DETECTORS[data[3 * i + 2]];
  }

  /**
   * Sorts by start and merges overlapping spans. A merged span is reported as its most
   * revealing detector ({@link #rank}): a password that looks like an email stays a secret, so
   * the email method never shows "its domain".
   */
  void normalize() {
    sort();
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (kept > 0 && start(i) < end(kept - 1)) {
        int last = kept - 1;
        data[3 * last + 1] = Math.max(end(last), end(i));
        if (rank(detector(i)) > rank(detector(last))) {
          data[3 * last + 2] = data[3 * i + 2];
        }
      } else {
        System.arraycopy(data, 3 * i, data, 3 * kept, 3);
        kept++;
      }
    }
    size = kept;
  }

  private void sort() {
    boolean sorted = true;
    for (int i = 1; i < size && sorted; i++) {
      sorted = start(i - 1) <= start(i);
    }
    if (sorted) {
      return;
    }
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = (long) start(i) << 32 | i;
    }
    Arrays.sort(keys);
    int[] sortedData = new int[data.length];
    for (int i = 0; i < size; i++) {
      System.arraycopy(data, 3 * (int) keys[i], sortedData, 3 * i, 3);
    }
    data = sortedData;
  }

  /** How much a span of this kind must hide when merged: a secret shows nothing at all. */
  private static int rank(Detector detector) {
    switch (detector) {
      case SECRET:
        return 4;
      case CREDIT_CARD:
        return 3;
      case US_SSN:
        return 2;
      case IBAN:
        return 1;
      default:
        return 0;
    }
  }
}
