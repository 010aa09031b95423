package dev.gatehouse.sidecar.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the known key an unknown one was probably meant to be ("adress" → "address"). */
final class KeySuggestion {
  private KeySuggestion() {}

  /** The closest known key when it is close enough to be a typo, else {@code null}. */
  static String closest(String unknown, Collection<String> known) {
    String typed = unknown.toLowerCase(Locale.ROOT).replace('-', '_');
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(typed, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= allowedDistance(best) ? best : null;
  }

  /** Short keys tolerate fewer edits, so "url" does not suggest "dialect"'s neighbours. */
  private static int allowedDistance(String key) {
    return key.length() <= 3 ? 1 : key.length() <= 6 ? 2 : 3;
  }

  /** Edit distance counting a swap of two neighbouring letters as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
