package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.ExecuteBatchRequest;
import dev.gatehouse.proto.v1.ExecuteKind;
import dev.gatehouse.proto.v1.GeneratedKeysRequest;
import dev.gatehouse.proto.v1.ParameterSet;
import dev.gatehouse.proto.v1.Value;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A PreparedStatement. It makes no round trip until executed: the SQL and its parameters travel
 * together in one Execute (or, for a batch, one ExecuteBatch), and the sidecar judges the
 * statement with the values it will run with.
 */
final class GatehousePreparedStatement extends GatehouseStatement implements PreparedStatement {
    private final String sql;
    private Value[] parameters = new Value[8];
    private int parameterCount;
    private final List<ParameterSet> batch = new ArrayList<>();

    GatehousePreparedStatement(GatehouseConnection connection, String sql, int holdability,
            GeneratedKeysRequest generatedKeysRequest) {
        super(connection, holdability, generatedKeysRequest);
        this.sql = sql;
    }

    // ------------------------------------------------------------------ executing

    @Override
    public boolean execute() throws SQLException {
        return executeSql(sql, bound(), ExecuteKind.EXECUTE_KIND_UNSPECIFIED, generatedKeysRequest(), true);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return requireResultSet(executeSql(sql, bound(), ExecuteKind.QUERY, generatedKeysRequest(), true));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return clamp(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return requireUpdateCount(executeSql(sql, bound(), ExecuteKind.UPDATE, generatedKeysRequest(), true));
    }

    /** The parameters in order; a gap is an error here rather than a NULL the application did not mean. */
    private List<Value> bound() throws SQLException {
        checkOpen();
        List<Value> values = new ArrayList<>(parameterCount);
        for (int i = 0; i < parameterCount; i++) {
            if (parameters[i] == null) {
                throw SqlExceptions.of(SqlExceptions.PARAMETER_NOT_SET, "parameter " + (i + 1)
                        + " is not set (parameters up to " + parameterCount + " are); use setNull for NULL");
            }
            values.add(parameters[i]);
        }
        return values;
    }

    @Override
    public void addBatch() throws SQLException {
        batch.add(ParameterSet.newBuilder().addAllValues(bound()).build());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (batch.isEmpty()) {
            return new long[0];
        }
        ExecuteBatchRequest.Builder request = ExecuteBatchRequest.newBuilder().setSql(sql).addAllParameterSets(batch);
        batch.clear();
        return runBatch(request);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(parameters, null);
        parameterCount = 0;
    }

    /** Without executing, the columns are not known; JDBC allows null here. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        throw SqlExceptions.notSupported("getParameterMetaData (the statement is not prepared on the database "
                + "until it is executed)");
    }

    // The Statement methods that take SQL do not apply to a PreparedStatement (JDBC 4.3 §13.2).

    private SQLException sqlNotAllowed(String method) {
        return SqlExceptions.of(SqlExceptions.FUNCTION_SEQUENCE_ERROR,
                method + "(String) cannot be called on a PreparedStatement; call " + method + "()");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw sqlNotAllowed("execute");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw sqlNotAllowed("executeQuery");
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw sqlNotAllowed("executeUpdate");
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw sqlNotAllowed("executeLargeUpdate");
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw sqlNotAllowed("execute");
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw sqlNotAllowed("execute");
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw sqlNotAllowed("execute");
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw sqlNotAllowed("executeLargeUpdate");
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw sqlNotAllowed("executeLargeUpdate");
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw sqlNotAllowed("executeLargeUpdate");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw sqlNotAllowed("addBatch");
    }

    // ------------------------------------------------------------------ parameters

    private void set(int index, Value value) throws SQLException {
        checkOpen();
        if (index < 1) {
            throw SqlExceptions.of(SqlExceptions.INVALID_DESCRIPTOR_INDEX,
                    "parameter index " + index + " is out of range (the first parameter is 1)");
        }
        if (index > parameters.length) {
            parameters = Arrays.copyOf(parameters, Math.max(index, parameters.length * 2));
        }
        parameters[index - 1] = value;
        parameterCount = Math.max(parameterCount, index);
    }

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        set(index, ParameterValues.nullOf(sqlType));
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        set(index, ParameterValues.nullOf(sqlType));
    }

    @Override
    public void setBoolean(int index, boolean value) throws SQLException {
        set(index, ParameterValues.ofBoolean(value));
    }

    @Override
    public void setByte(int index, byte value) throws SQLException {
        set(index, ParameterValues.ofLong(value, Types.TINYINT));
    }

    @Override
    public void setShort(int index, short value) throws SQLException {
        set(index, ParameterValues.ofLong(value, Types.SMALLINT));
    }

    @Override
    public void setInt(int index, int value) throws SQLException {
        set(index, ParameterValues.ofLong(value, Types.INTEGER));
    }

    @Override
    public void setLong(int index, long value) throws SQLException {
        set(index, ParameterValues.ofLong(value, Types.BIGINT));
    }

    @Override
    public void setFloat(int index, float value) throws SQLException {
        set(index, ParameterValues.ofFloat(value));
    }

    @Override
    public void setDouble(int index, double value) throws SQLException {
        set(index, ParameterValues.ofDouble(value));
    }

    @Override
    public void setBigDecimal(int index, BigDecimal value) throws SQLException {
        set(index, ParameterValues.ofDecimal(value));
    }

    @Override
    public void setString(int index, String value) throws SQLException {
        set(index, ParameterValues.ofString(value, Types.VARCHAR));
    }

    @Override
    public void setNString(int index, String value) throws SQLException {
        set(index, ParameterValues.ofString(value, Types.NVARCHAR));
    }

    @Override
    public void setBytes(int index, byte[] value) throws SQLException {
        set(index, ParameterValues.ofBytes(value, Types.VARBINARY));
    }

    @Override
    public void setDate(int index, Date value) throws SQLException {
        set(index, ParameterValues.ofDate(value, null));
    }

    @Override
    public void setDate(int index, Date value, Calendar calendar) throws SQLException {
        set(index, ParameterValues.ofDate(value, calendar));
    }

    @Override
    public void setTime(int index, Time value) throws SQLException {
        set(index, ParameterValues.ofTime(value, null));
    }

    @Override
    public void setTime(int index, Time value, Calendar calendar) throws SQLException {
        set(index, ParameterValues.ofTime(value, calendar));
    }

    @Override
    public void setTimestamp(int index, Timestamp value) throws SQLException {
        set(index, ParameterValues.ofTimestamp(value, null));
    }

    @Override
    public void setTimestamp(int index, Timestamp value, Calendar calendar) throws SQLException {
        set(index, ParameterValues.ofTimestamp(value, calendar));
    }

    @Override
    public void setObject(int index, Object value) throws SQLException {
        set(index, ParameterValues.ofObject(value));
    }

    @Override
    public void setObject(int index, Object value, int targetSqlType) throws SQLException {
        set(index, ParameterValues.ofObject(value, targetSqlType, 0));
    }

    @Override
    public void setObject(int index, Object value, int targetSqlType, int scaleOrLength) throws SQLException {
        set(index, ParameterValues.ofObject(value, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int index, Object value, SQLType targetSqlType) throws SQLException {
        setObject(index, value, targetSqlType, 0);
    }

    @Override
    public void setObject(int index, Object value, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        set(index, ParameterValues.ofObject(value, typeNumber(targetSqlType), scaleOrLength));
    }

    private static int typeNumber(SQLType type) throws SQLException {
        if (type instanceof JDBCType jdbcType) {
            return jdbcType.getVendorTypeNumber();
        }
        throw SqlExceptions.notSupported("the vendor SQLType " + (type == null ? "null" : type.getName())
                + " (use a java.sql.JDBCType)");
    }

    @Override
    public void setAsciiStream(int index, InputStream value, int length) throws SQLException {
        setAsciiStream(index, value, (long) length);
    }

    @Override
    public void setAsciiStream(int index, InputStream value, long length) throws SQLException {
        set(index, ParameterValues.ofString(ParameterValues.readAscii(value, length), Types.LONGVARCHAR));
    }

    @Override
    public void setAsciiStream(int index, InputStream value) throws SQLException {
        setAsciiStream(index, value, -1L);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int index, InputStream value, int length) throws SQLException {
        throw SqlExceptions.notSupported("setUnicodeStream (deprecated since JDBC 2; use setCharacterStream)");
    }

    @Override
    public void setBinaryStream(int index, InputStream value, int length) throws SQLException {
        setBinaryStream(index, value, (long) length);
    }

    @Override
    public void setBinaryStream(int index, InputStream value, long length) throws SQLException {
        set(index, ParameterValues.ofBytes(ParameterValues.read(value, length), Types.LONGVARBINARY));
    }

    @Override
    public void setBinaryStream(int index, InputStream value) throws SQLException {
        setBinaryStream(index, value, -1L);
    }

    @Override
    public void setCharacterStream(int index, Reader value, int length) throws SQLException {
        setCharacterStream(index, value, (long) length);
    }

    @Override
    public void setCharacterStream(int index, Reader value, long length) throws SQLException {
        set(index, ParameterValues.ofString(ParameterValues.read(value, length), Types.LONGVARCHAR));
    }

    @Override
    public void setCharacterStream(int index, Reader value) throws SQLException {
        setCharacterStream(index, value, -1L);
    }

    @Override
    public void setNCharacterStream(int index, Reader value, long length) throws SQLException {
        set(index, ParameterValues.ofString(ParameterValues.read(value, length), Types.LONGNVARCHAR));
    }

    @Override
    public void setNCharacterStream(int index, Reader value) throws SQLException {
        setNCharacterStream(index, value, -1L);
    }

    @Override
    public void setBlob(int index, Blob value) throws SQLException {
        set(index, ParameterValues.ofBytes(ParameterValues.read(value), Types.BLOB));
    }

    @Override
    public void setBlob(int index, InputStream value, long length) throws SQLException {
        set(index, ParameterValues.ofBytes(ParameterValues.read(value, length), Types.BLOB));
    }

    @Override
    public void setBlob(int index, InputStream value) throws SQLException {
        setBlob(index, value, -1L);
    }

    @Override
    public void setClob(int index, Clob value) throws SQLException {
        set(index, ParameterValues.ofString(ParameterValues.read(value), Types.CLOB));
    }

    @Override
    public void setClob(int index, Reader value, long length) throws SQLException {
        set(index, ParameterValues.ofString(ParameterValues.read(value, length), Types.CLOB));
    }

    @Override
    public void setClob(int index, Reader value) throws SQLException {
        setClob(index, value, -1L);
    }

    @Override
    public void setNClob(int index, NClob value) throws SQLException {
        set(index, ParameterValues.ofString(ParameterValues.read(value), Types.NCLOB));
    }

    @Override
    public void setNClob(int index, Reader value, long length) throws SQLException {
        set(index, ParameterValues.ofString(ParameterValues.read(value, length), Types.NCLOB));
    }

    @Override
    public void setNClob(int index, Reader value) throws SQLException {
        setNClob(index, value, -1L);
    }

    @Override
    public void setArray(int index, Array value) throws SQLException {
        set(index, value == null ? ParameterValues.nullOf(Types.ARRAY) : ParameterValues.ofArray(value.getArray(), Types.ARRAY));
    }

    @Override
    public void setURL(int index, URL value) throws SQLException {
        set(index, ParameterValues.ofString(value == null ? null : value.toString(), Types.DATALINK));
    }

    @Override
    public void setSQLXML(int index, SQLXML value) throws SQLException {
        set(index, ParameterValues.ofString(value == null ? null : value.getString(), Types.SQLXML));
    }

    @Override
    public void setRef(int index, Ref value) throws SQLException {
        throw SqlExceptions.notSupported("setRef");
    }

    @Override
    public void setRowId(int index, RowId value) throws SQLException {
        throw SqlExceptions.notSupported("setRowId");
    }

}
