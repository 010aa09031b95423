package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.Value;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.sql.Rewritten;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the parameters of a statement rewritten for row filters: the agent's own, in their new
 * places, and the principal's claim values, which are bound as parameters and never spliced
 * into SQL text (SPEC §5).
 */
final class ClaimValues {
  private ClaimValues() {}

  static List<Value> bind(List<Rewritten.Parameter> slots, List<Value> agent, Principal p) {
    List<Value> out = new ArrayList<>(slots.size());
    for (Rewritten.Parameter slot : slots) {
      if (slot instanceof Rewritten.AgentParameter a) {
        if (a.index() >= agent.size()) {
          throw new GatehouseException("07001", "the statement has more parameters than were"
              + " bound (" + agent.size() + ")");
        }
        out.add(agent.get(a.index()));
      } else if (slot instanceof Rewritten.ClaimParameter c) {
        out.add(of(p.claim(c.path()).orElseThrow(() -> new GatehouseException(
            GatehouseException.ACCESS_DENIED, "the token lacks the claim " + c.path()
                + " a row filter needs"))));
      }
    }
    return out;
  }

  /** A claim value as a typed parameter, so the database compares it with its column's type. */
  static Value of(Object claim) {
    if (claim instanceof Integer || claim instanceof Long || claim instanceof Short
        || claim instanceof Byte) {
      return Value.newBuilder().setLongValue(((Number) claim).longValue())
          .setSqlType(Types.BIGINT).build();
    }
    if (claim instanceof BigInteger bi && bi.bitLength() < 64) {
      return Value.newBuilder().setLongValue(bi.longValue()).setSqlType(Types.BIGINT).build();
    }
    if (claim instanceof Number n) {
      return Value.newBuilder().setDecimalValue(new BigDecimal(n.toString()).toPlainString())
          .setSqlType(Types.DECIMAL).build();
    }
    if (claim instanceof Boolean b) {
      return Value.newBuilder().setBoolValue(b).setSqlType(Types.BOOLEAN).build();
    }
    if (claim instanceof String s) {
      return Value.newBuilder().setStringValue(s).setSqlType(Types.VARCHAR).build();
    }
    throw new GatehouseException(GatehouseException.ACCESS_DENIED,
        "a row filter needs a single value from the token, got " + claim.getClass().getSimpleName());
  }
}
