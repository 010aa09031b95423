package dev.gatehouse.sidecar.exec;

/**
 * Which tables and columns one principal may see in {@code DatabaseMetaData} results. The policy
 * decides (the server supplies an implementation that asks it); this package only applies the
 * answer to each metadata row. Names are passed exactly as the backend's metadata spells them,
 * {@code null} where the backend leaves a part out (MariaDB has no schemas, PostgreSQL may omit
 * the catalog). An implementation must answer {@code false} for anything it cannot judge.
 */
public interface SchemaVisibility {
  /** True when the principal may read something of the table. */
  boolean tableVisible(String catalog, String schema, String table);

  /** True when the principal may read the column (masked columns count as readable). */
  boolean columnVisible(String catalog, String schema, String table, String column);
}
