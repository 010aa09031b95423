package dev.gatehouse.sidecar.policytest;

import dev.gatehouse.sidecar.config.YamlNode.Location;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One policy test case (SPEC §7): who sends which SQL to which datasource, and what must happen.
 *
 * @param name unique within its file
 * @param location where the case starts, for failure messages
 * @param claims the token's claims (from the case's {@code claims:} or a named principal)
 * @param claimsLocation where the claims are written
 * @param datasource the datasource the statement is sent to
 * @param datasourceLocation where the datasource is named (the file's default or the case's own)
 * @param sql the SQL text as the agent sends it
 * @param params bound parameters: strings, longs, decimals, booleans and nulls
 * @param expect what must happen
 */
public record PolicyCase(
    String name,
    Location location,
    Map<String, Object> claims,
    Location claimsLocation,
    String datasource,
    Location datasourceLocation,
    String sql,
    List<Object> params,
    Expectation expect) {
  public PolicyCase {
    claims = Map.copyOf(claims);
    // parameters may be null, which List.copyOf refuses
    params = Collections.unmodifiableList(new java.util.ArrayList<>(params));
  }
}
