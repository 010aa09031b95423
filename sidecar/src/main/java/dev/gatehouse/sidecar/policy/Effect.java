package dev.gatehouse.sidecar.policy;

/**
 * What a rule does with what it matches. Declared from weakest to strongest: when several rules
 * match, the strongest wins (deny overrides approve overrides allow, SPEC §5).
 */
public enum Effect {
  ALLOW,
  APPROVE,
  DENY;

  /** The stronger of two effects. */
  public Effect strongest(Effect other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
