package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.WireType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

/** The columns of a result as the sidecar described them in its ResultHeader. */
final class GatehouseResultSetMetaData implements ResultSetMetaData {
    private final ColumnMeta[] columns;

    GatehouseResultSetMetaData(ColumnMeta[] columns) {
        this.columns = columns;
    }

    private ColumnMeta column(int column) throws SQLException {
        if (column < 1 || column > columns.length) {
            throw SqlExceptions.of(SqlExceptions.INVALID_DESCRIPTOR_INDEX, "column " + column
                    + " is out of range: the result has " + columns.length + " columns (the first is 1)");
        }
        return columns[column - 1];
    }

    @Override
    public int getColumnCount() {
        return columns.length;
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return column(column).getAutoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return column(column).getCaseSensitive();
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        return column(column).getSearchable();
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        return column(column).getCurrency();
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).getNullable();
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return column(column).getSigned();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return column(column).getDisplaySize();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return GatehouseResultSet.labelOf(column(column));
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        ColumnMeta meta = column(column);
        return meta.getName().isEmpty() ? meta.getLabel() : meta.getName();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return column(column).getSchema();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return column(column).getPrecision();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).getScale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).getTable();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return column(column).getCatalog();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return column(column).getJdbcType();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).getTypeName();
    }

    /** Results cannot be updated through this driver. */
    @Override
    public boolean isReadOnly(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    /**
     * What getObject returns for the column: the backend driver's class when the Gatehouse driver
     * can produce it (so getObject answers as a direct connection would), else the class the
     * Gatehouse driver returns instead (text for PostgreSQL's json, interval and other types whose
     * classes live in the backend's driver).
     */
    @Override
    public String getColumnClassName(int column) throws SQLException {
        ColumnMeta meta = column(column);
        return producedClass(meta) != null ? meta.getClassName() : defaultClassName(meta);
    }

    private static final Map<String, Class<?>> PRODUCIBLE = Map.ofEntries(
            Map.entry("java.lang.Boolean", Boolean.class),
            Map.entry("java.lang.Byte", Byte.class),
            Map.entry("java.lang.Short", Short.class),
            Map.entry("java.lang.Integer", Integer.class),
            Map.entry("java.lang.Long", Long.class),
            Map.entry("java.lang.Float", Float.class),
            Map.entry("java.lang.Double", Double.class),
            Map.entry("java.math.BigDecimal", java.math.BigDecimal.class),
            Map.entry("java.math.BigInteger", java.math.BigInteger.class),
            Map.entry("java.lang.String", String.class),
            Map.entry("[B", byte[].class),
            Map.entry("java.util.UUID", java.util.UUID.class),
            Map.entry("java.sql.Date", java.sql.Date.class),
            Map.entry("java.sql.Time", java.sql.Time.class),
            Map.entry("java.sql.Timestamp", java.sql.Timestamp.class),
            Map.entry("java.time.LocalDate", java.time.LocalDate.class),
            Map.entry("java.time.LocalTime", java.time.LocalTime.class),
            Map.entry("java.time.LocalDateTime", java.time.LocalDateTime.class),
            Map.entry("java.time.OffsetDateTime", java.time.OffsetDateTime.class),
            Map.entry("java.time.OffsetTime", java.time.OffsetTime.class),
            Map.entry("java.sql.Blob", java.sql.Blob.class),
            Map.entry("java.sql.Clob", java.sql.Clob.class),
            Map.entry("java.sql.NClob", java.sql.NClob.class));

    /**
     * The class the backend's driver gives the column's values, when the Gatehouse driver can
     * produce it; {@code null} otherwise (getObject then follows JDBC's default for the type).
     */
    static Class<?> producedClass(ColumnMeta meta) {
        String name = meta.getClassName();
        if (name.equals("java.sql.Array")) {
            return TextArray.readable(meta.getTypeName()) ? java.sql.Array.class : null;
        }
        return PRODUCIBLE.get(name);
    }

    /** Mirrors RowReader.getObject: JDBC's default class for the type, else the wire type's. */
    static String defaultClassName(ColumnMeta meta) {
        switch (meta.getJdbcType()) {
            case Types.BIT:
            case Types.BOOLEAN:
                return "java.lang.Boolean";
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
                return "java.lang.Integer";
            case Types.BIGINT:
                return "java.lang.Long";
            case Types.REAL:
                return "java.lang.Float";
            case Types.FLOAT:
            case Types.DOUBLE:
                return "java.lang.Double";
            case Types.NUMERIC:
            case Types.DECIMAL:
                return "java.math.BigDecimal";
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
                return "[B";
            case Types.DATE:
                return "java.sql.Date";
            case Types.TIME:
                return "java.sql.Time";
            case Types.TIMESTAMP:
                return "java.sql.Timestamp";
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return "java.time.OffsetDateTime";
            case Types.TIME_WITH_TIMEZONE:
                return "java.time.OffsetTime";
            case Types.BLOB:
                return "java.sql.Blob";
            case Types.CLOB:
                return "java.sql.Clob";
            case Types.NCLOB:
                return "java.sql.NClob";
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
                return "java.lang.String";
            case Types.ARRAY:
                return TextArray.readable(meta.getTypeName()) ? "java.sql.Array"
                        : wireClassName(meta.getWireType());
            default:
                return wireClassName(meta.getWireType());
        }
    }

    private static String wireClassName(WireType wireType) {
        switch (wireType) {
            case BOOL:
                return "java.lang.Boolean";
            case INT64:
                return "java.lang.Long";
            case DOUBLE:
                return "java.lang.Double";
            case DECIMAL:
                return "java.math.BigDecimal";
            case BYTES:
                return "[B";
            case DATE:
                return "java.sql.Date";
            case TIME:
                return "java.sql.Time";
            case TIMESTAMP:
                return "java.sql.Timestamp";
            case TIMESTAMP_TZ:
                return "java.time.OffsetDateTime";
            case TIME_TZ:
                return "java.time.OffsetTime";
            default:
                return "java.lang.String";
        }
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
