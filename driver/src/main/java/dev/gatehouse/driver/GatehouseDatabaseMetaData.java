package dev.gatehouse.driver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.util.Locale;

/**
 * DatabaseMetaData through the sidecar.
 *
 * <p>Scalar answers come from the properties the sidecar sent in OpenSession, without a round
 * trip: the key is the method name ({@code getDatabaseProductVersion}), and for methods with int
 * arguments the name with its arguments ({@code supportsTransactionIsolationLevel(8)}, {@code
 * supportsConvert(4,12)}). A key the sidecar did not send is SQLFeatureNotSupportedException
 * naming the method, never a guess. Facts about the driver itself (its name and version, the
 * forward-only read-only results it offers) are the driver's own.
 *
 * <p>Methods that return result sets are GetMetadata calls and stream like queries.
 */
final class GatehouseDatabaseMetaData implements DatabaseMetaData {
    private final GatehouseConnection connection;

    GatehouseDatabaseMetaData(GatehouseConnection connection) {
        this.connection = connection;
    }

    private String property(String key) throws SQLException {
        connection.checkOpen();
        String value = connection.databaseProperties().get(key);
        if (value == null) {
            throw SqlExceptions.notSupported("DatabaseMetaData." + key
                    + " (the Gatehouse sidecar did not send this fact about the database)");
        }
        return value;
    }

    private boolean flag(String key) throws SQLException {
        String value = property(key).trim().toLowerCase(Locale.ROOT);
        if (value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw badProperty(key, "true or false", value);
    }

    private int number(String key) throws SQLException {
        String value = property(key).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw badProperty(key, "a whole number", value);
        }
    }

    private long largeNumber(String key) throws SQLException {
        String value = property(key).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw badProperty(key, "a whole number", value);
        }
    }

    private String text(String key) throws SQLException {
        return property(key);
    }

    private RowIdLifetime rowIdLifetime() throws SQLException {
        String value = property("getRowIdLifetime").trim();
        try {
            return RowIdLifetime.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw badProperty("getRowIdLifetime", "a java.sql.RowIdLifetime name", value);
        }
    }

    private static SQLException badProperty(String key, String expected, String value) {
        return SqlExceptions.of(SqlExceptions.PROTOCOL_VIOLATION, "the Gatehouse sidecar sent \"" + value
                + "\" for DatabaseMetaData." + key + ", which should be " + expected);
    }

    // ------------------------------------------------------------------ scalar answers

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        return flag("allProceduresAreCallable");
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        return flag("allTablesAreSelectable");
    }

    @Override
    public String getURL() throws SQLException {
        return connection.settings().redactedUrl();
    }

    @Override
    public String getUserName() throws SQLException {
        return connection.principal();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        return flag("nullsAreSortedHigh");
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        return flag("nullsAreSortedLow");
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        return flag("nullsAreSortedAtStart");
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        return flag("nullsAreSortedAtEnd");
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        return text("getDatabaseProductName");
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        return text("getDatabaseProductVersion");
    }

    @Override
    public String getDriverName() throws SQLException {
        return DriverVersion.NAME;
    }

    @Override
    public String getDriverVersion() throws SQLException {
        return DriverVersion.TEXT;
    }

    @Override
    public int getDriverMajorVersion() {
        return DriverVersion.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return DriverVersion.MINOR;
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        return flag("usesLocalFiles");
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        return flag("usesLocalFilePerTable");
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        return flag("supportsMixedCaseIdentifiers");
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        return flag("storesUpperCaseIdentifiers");
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        return flag("storesLowerCaseIdentifiers");
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        return flag("storesMixedCaseIdentifiers");
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        return flag("supportsMixedCaseQuotedIdentifiers");
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        return flag("storesUpperCaseQuotedIdentifiers");
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        return flag("storesLowerCaseQuotedIdentifiers");
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        return flag("storesMixedCaseQuotedIdentifiers");
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        return text("getIdentifierQuoteString");
    }

    @Override
    public String getSQLKeywords() throws SQLException {
        return text("getSQLKeywords");
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        return text("getNumericFunctions");
    }

    @Override
    public String getStringFunctions() throws SQLException {
        return text("getStringFunctions");
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        return text("getSystemFunctions");
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        return text("getTimeDateFunctions");
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        return text("getSearchStringEscape");
    }

    @Override
    public String getExtraNameCharacters() throws SQLException {
        return text("getExtraNameCharacters");
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        return flag("supportsAlterTableWithAddColumn");
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        return flag("supportsAlterTableWithDropColumn");
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        return flag("supportsColumnAliasing");
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        return flag("nullPlusNonNullIsNull");
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        return flag("supportsConvert");
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) throws SQLException {
        return flag("supportsConvert(" + fromType + "," + toType + ")");
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        return flag("supportsTableCorrelationNames");
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        return flag("supportsDifferentTableCorrelationNames");
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        return flag("supportsExpressionsInOrderBy");
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        return flag("supportsOrderByUnrelated");
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        return flag("supportsGroupBy");
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        return flag("supportsGroupByUnrelated");
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        return flag("supportsGroupByBeyondSelect");
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        return flag("supportsLikeEscapeClause");
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        return flag("supportsMultipleResultSets");
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        return flag("supportsMultipleTransactions");
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        return flag("supportsNonNullableColumns");
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        return flag("supportsMinimumSQLGrammar");
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        return flag("supportsCoreSQLGrammar");
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        return flag("supportsExtendedSQLGrammar");
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        return flag("supportsANSI92EntryLevelSQL");
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        return flag("supportsANSI92IntermediateSQL");
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        return flag("supportsANSI92FullSQL");
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        return flag("supportsIntegrityEnhancementFacility");
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        return flag("supportsOuterJoins");
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        return flag("supportsFullOuterJoins");
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        return flag("supportsLimitedOuterJoins");
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        return text("getSchemaTerm");
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        return text("getProcedureTerm");
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        return text("getCatalogTerm");
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        return flag("isCatalogAtStart");
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        return text("getCatalogSeparator");
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        return flag("supportsSchemasInDataManipulation");
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        return flag("supportsSchemasInProcedureCalls");
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        return flag("supportsSchemasInTableDefinitions");
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        return flag("supportsSchemasInIndexDefinitions");
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        return flag("supportsSchemasInPrivilegeDefinitions");
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        return flag("supportsCatalogsInDataManipulation");
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        return flag("supportsCatalogsInProcedureCalls");
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        return flag("supportsCatalogsInTableDefinitions");
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        return flag("supportsCatalogsInIndexDefinitions");
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        return flag("supportsCatalogsInPrivilegeDefinitions");
    }

    /** Positioned updates need cursor names, which this driver does not offer. */
    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        return flag("supportsSelectForUpdate");
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        return flag("supportsStoredProcedures");
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        return flag("supportsSubqueriesInComparisons");
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        return flag("supportsSubqueriesInExists");
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        return flag("supportsSubqueriesInIns");
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        return flag("supportsSubqueriesInQuantifieds");
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        return flag("supportsCorrelatedSubqueries");
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        return flag("supportsUnion");
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        return flag("supportsUnionAll");
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        return flag("supportsOpenCursorsAcrossCommit");
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        return flag("supportsOpenCursorsAcrossRollback");
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        return flag("supportsOpenStatementsAcrossCommit");
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        return flag("supportsOpenStatementsAcrossRollback");
    }

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        return number("getMaxBinaryLiteralLength");
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        return number("getMaxCharLiteralLength");
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        return number("getMaxColumnNameLength");
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        return number("getMaxColumnsInGroupBy");
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        return number("getMaxColumnsInIndex");
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        return number("getMaxColumnsInOrderBy");
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        return number("getMaxColumnsInSelect");
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        return number("getMaxColumnsInTable");
    }

    @Override
    public int getMaxConnections() throws SQLException {
        return number("getMaxConnections");
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        return number("getMaxCursorNameLength");
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        return number("getMaxIndexLength");
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        return number("getMaxSchemaNameLength");
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        return number("getMaxProcedureNameLength");
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        return number("getMaxCatalogNameLength");
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        return number("getMaxRowSize");
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        return flag("doesMaxRowSizeIncludeBlobs");
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        return number("getMaxStatementLength");
    }

    @Override
    public int getMaxStatements() throws SQLException {
        return number("getMaxStatements");
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        return number("getMaxTableNameLength");
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        return number("getMaxTablesInSelect");
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        return number("getMaxUserNameLength");
    }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        return number("getDefaultTransactionIsolation");
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        return flag("supportsTransactions");
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
        return flag("supportsTransactionIsolationLevel(" + level + ")");
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        return flag("supportsDataDefinitionAndDataManipulationTransactions");
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        return flag("supportsDataManipulationTransactionsOnly");
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        return flag("dataDefinitionCausesTransactionCommit");
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        return flag("dataDefinitionIgnoredInTransactions");
    }

    /** Only forward-only results exist through this driver, whatever the database offers. */
    @Override
    public boolean supportsResultSetType(int type) throws SQLException {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    /** Results are read-only through this driver. */
    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) throws SQLException {
        return flag("ownUpdatesAreVisible(" + type + ")");
    }

    @Override
    public boolean ownDeletesAreVisible(int type) throws SQLException {
        return flag("ownDeletesAreVisible(" + type + ")");
    }

    @Override
    public boolean ownInsertsAreVisible(int type) throws SQLException {
        return flag("ownInsertsAreVisible(" + type + ")");
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) throws SQLException {
        return flag("othersUpdatesAreVisible(" + type + ")");
    }

    @Override
    public boolean othersDeletesAreVisible(int type) throws SQLException {
        return flag("othersDeletesAreVisible(" + type + ")");
    }

    @Override
    public boolean othersInsertsAreVisible(int type) throws SQLException {
        return flag("othersInsertsAreVisible(" + type + ")");
    }

    @Override
    public boolean updatesAreDetected(int type) throws SQLException {
        return flag("updatesAreDetected(" + type + ")");
    }

    @Override
    public boolean deletesAreDetected(int type) throws SQLException {
        return flag("deletesAreDetected(" + type + ")");
    }

    @Override
    public boolean insertsAreDetected(int type) throws SQLException {
        return flag("insertsAreDetected(" + type + ")");
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        return flag("supportsBatchUpdates");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection;
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        return flag("supportsSavepoints");
    }

    /** Named parameters belong to CallableStatement, which this driver does not offer. */
    @Override
    public boolean supportsNamedParameters() throws SQLException {
        return false;
    }

    /** Results stream one after another; getMoreResults closes the current one. */
    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        return flag("supportsGetGeneratedKeys");
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) throws SQLException {
        return holdability == connection.getHoldability();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return connection.getHoldability();
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        return number("getDatabaseMajorVersion");
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        return number("getDatabaseMinorVersion");
    }

    @Override
    public int getJDBCMajorVersion() throws SQLException {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        return 2;
    }

    @Override
    public int getSQLStateType() throws SQLException {
        return number("getSQLStateType");
    }

    /** LOBs arrive as in-memory copies. */
    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        return true;
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        return false;
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        return rowIdLifetime();
    }

    /** The {? = call ...} syntax needs a CallableStatement. */
    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        return false;
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        return flag("autoCommitFailureClosesAllResultSets");
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        return flag("generatedKeyAlwaysReturned");
    }

    @Override
    public long getMaxLogicalLobSize() throws SQLException {
        return largeNumber("getMaxLogicalLobSize");
    }

    @Override
    public boolean supportsRefCursors() throws SQLException {
        return false;
    }

    @Override
    public boolean supportsSharding() throws SQLException {
        return false;
    }

    // ------------------------------------------------------------------ result sets (GetMetadata)

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        return connection.metadata("getProcedures",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(procedureNamePattern));
    }

    @Override
    public ResultSet getProcedureColumns(String catalog, String schemaPattern,
            String procedureNamePattern, String columnNamePattern) throws SQLException {
        return connection.metadata("getProcedureColumns",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(procedureNamePattern),
                MetadataArguments.of(columnNamePattern));
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        return connection.metadata("getTables",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(tableNamePattern),
                MetadataArguments.of(types));
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return connection.metadata("getSchemas");
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return connection.metadata("getCatalogs");
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return connection.metadata("getTableTypes");
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        return connection.metadata("getColumns",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(tableNamePattern),
                MetadataArguments.of(columnNamePattern));
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        return connection.metadata("getColumnPrivileges",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schema),
                MetadataArguments.of(table),
                MetadataArguments.of(columnNamePattern));
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        return connection.metadata("getTablePrivileges",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(tableNamePattern));
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        return connection.metadata("getBestRowIdentifier",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schema),
                MetadataArguments.of(table),
                MetadataArguments.of(scope),
                MetadataArguments.of(nullable));
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return connection.metadata("getVersionColumns",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schema),
                MetadataArguments.of(table));
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        return connection.metadata("getPrimaryKeys",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schema),
                MetadataArguments.of(table));
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return connection.metadata("getImportedKeys",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schema),
                MetadataArguments.of(table));
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return connection.metadata("getExportedKeys",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schema),
                MetadataArguments.of(table));
    }

    @Override
    public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
            String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        return connection.metadata("getCrossReference",
                MetadataArguments.of(parentCatalog),
                MetadataArguments.of(parentSchema),
                MetadataArguments.of(parentTable),
                MetadataArguments.of(foreignCatalog),
                MetadataArguments.of(foreignSchema),
                MetadataArguments.of(foreignTable));
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return connection.metadata("getTypeInfo");
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        return connection.metadata("getIndexInfo",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schema),
                MetadataArguments.of(table),
                MetadataArguments.of(unique),
                MetadataArguments.of(approximate));
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        return connection.metadata("getUDTs",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(typeNamePattern),
                MetadataArguments.of(types));
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return connection.metadata("getSuperTypes",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(typeNamePattern));
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return connection.metadata("getSuperTables",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(tableNamePattern));
    }

    @Override
    public ResultSet getAttributes(String catalog, String schemaPattern,
            String typeNamePattern, String attributeNamePattern) throws SQLException {
        return connection.metadata("getAttributes",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(typeNamePattern),
                MetadataArguments.of(attributeNamePattern));
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        return connection.metadata("getSchemas", MetadataArguments.of(catalog), MetadataArguments.of(schemaPattern));
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return connection.metadata("getClientInfoProperties");
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        return connection.metadata("getFunctions",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(functionNamePattern));
    }

    @Override
    public ResultSet getFunctionColumns(String catalog, String schemaPattern,
            String functionNamePattern, String columnNamePattern) throws SQLException {
        return connection.metadata("getFunctionColumns",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(functionNamePattern),
                MetadataArguments.of(columnNamePattern));
    }

    @Override
    public ResultSet getPseudoColumns(String catalog, String schemaPattern,
            String tableNamePattern, String columnNamePattern) throws SQLException {
        return connection.metadata("getPseudoColumns",
                MetadataArguments.of(catalog),
                MetadataArguments.of(schemaPattern),
                MetadataArguments.of(tableNamePattern),
                MetadataArguments.of(columnNamePattern));
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the metadata does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
