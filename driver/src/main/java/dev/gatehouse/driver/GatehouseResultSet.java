package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.ColumnMeta;
import dev.gatehouse.proto.v1.RowBatch;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.Map;

/**
 * A forward-only, read-only result set over streamed columnar batches.
 *
 * <p>Rows are pulled from the sidecar as the application calls {@link #next}: a batch is asked
 * for only when the previous one is used up, so a result of ten million rows never sits in
 * memory. Closing it before the end cancels the call, and the sidecar stops the backend query.
 */
final class GatehouseResultSet implements ResultSet {
    /** Labels looked up by the application, remembered so that getString("name") costs one hash lookup. */
    private static final int LABEL_CACHE_LIMIT = 256;

    private final GatehouseStatement statement;
    private final BatchSource source;
    private final RowReader reader;
    private final ColumnMeta[] columns;
    private final long maxRows;
    private final int holdability;
    private final Map<String, Integer> labels = new HashMap<>();
    private GatehouseResultSetMetaData metaData;
    private RowBatch pending;
    private boolean hasBatch;
    private int batchRow = -1;
    private long rowNumber;
    private boolean sourceEnded;
    private boolean afterLast;
    private volatile boolean closed;
    private int fetchSize;

    /**
     * @param statement the statement that produced it; null for DatabaseMetaData results
     * @param maxRows rows to deliver at most (Statement.setMaxRows); 0 for no limit
     */
    GatehouseResultSet(GatehouseStatement statement, ColumnMeta[] columns, BatchSource source, long maxRows,
            int maxFieldSize, int fetchSize, int holdability) {
        this.statement = statement;
        this.columns = columns;
        this.source = source;
        this.reader = new RowReader(columns);
        this.reader.setMaxFieldSize(maxFieldSize);
        this.maxRows = maxRows;
        this.fetchSize = fetchSize;
        this.holdability = holdability;
    }

    // ------------------------------------------------------------------ moving

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (afterLast) {
            return false;
        }
        if ((maxRows > 0 && rowNumber >= maxRows) || !rowAhead()) {
            end();
            return false;
        }
        if (!hasBatch || batchRow + 1 >= reader.rowCount()) {
            reader.load(pending);
            pending = null;
            hasBatch = true;
            batchRow = -1;
        }
        batchRow++;
        reader.moveTo(batchRow);
        rowNumber++;
        return true;
    }

    /**
     * Whether another row follows the current one, reading one batch ahead at most; the current
     * batch stays loaded, since the application may still read the current row.
     */
    private boolean rowAhead() throws SQLException {
        if (hasBatch && batchRow + 1 < reader.rowCount()) {
            return true;
        }
        while (pending == null || pending.getRowCount() == 0) {
            if (sourceEnded) {
                return false;
            }
            pending = source.nextBatch();
            if (pending == null) {
                sourceEnded = true;
                return false;
            }
        }
        return true;
    }

    /**
     * Past the last row. When max rows cut the result and the sidecar still has rows for it, the
     * call is cancelled rather than read to its end.
     */
    private void end() throws SQLException {
        afterLast = true;
        hasBatch = false;
        if (!sourceEnded && rowAhead()) {
            source.abandon();
            sourceEnded = true;
        }
        pending = null;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        pending = null;
        if (!sourceEnded) {
            source.abandon();
        }
        if (statement != null) {
            statement.resultSetClosed(this);
        }
    }

    /**
     * Closed because its statement moved on (getMoreResults, a new execute) or was closed: the
     * statement, not this result set, decides what happens to the call. Only the flag is set, as
     * Connection.close may call this from another thread.
     */
    void detach() {
        closed = true;
    }

    /** Whether every row of this result was read from the sidecar. */
    boolean isExhausted() {
        return sourceEnded;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return rowNumber == 0 && !afterLast && rowAhead();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return afterLast && rowNumber > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return rowNumber == 1 && !afterLast;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        if (rowNumber == 0 || afterLast) {
            return false;
        }
        return (maxRows > 0 && rowNumber >= maxRows) || !rowAhead();
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return afterLast || rowNumber > Integer.MAX_VALUE ? 0 : (int) rowNumber;
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw forwardOnly("beforeFirst");
    }

    @Override
    public void afterLast() throws SQLException {
        throw forwardOnly("afterLast");
    }

    @Override
    public boolean first() throws SQLException {
        throw forwardOnly("first");
    }

    @Override
    public boolean last() throws SQLException {
        throw forwardOnly("last");
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        throw forwardOnly("absolute");
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        throw forwardOnly("relative");
    }

    @Override
    public boolean previous() throws SQLException {
        throw forwardOnly("previous");
    }

    private SQLException forwardOnly(String method) {
        return SqlExceptions.notSupported("ResultSet." + method + " on a TYPE_FORWARD_ONLY result set");
    }

    // ------------------------------------------------------------------ columns

    /** The 0-based column, after checking that the result set is open and on a row. */
    private int cell(int columnIndex) throws SQLException {
        if (closed) {
            throw closedError();
        }
        if (rowNumber == 0 || afterLast) {
            throw SqlExceptions.of(SqlExceptions.INVALID_CURSOR_STATE, afterLast
                    ? "the result set is past its last row" : "call next() before reading a row");
        }
        if (columnIndex < 1 || columnIndex > columns.length) {
            throw SqlExceptions.of(SqlExceptions.INVALID_DESCRIPTOR_INDEX, "column index " + columnIndex
                    + " is out of range: the result has " + columns.length + " columns (the first is 1)");
        }
        return columnIndex - 1;
    }

    private int cell(String columnLabel) throws SQLException {
        return cell(findColumn(columnLabel));
    }

    /** Case-insensitive, first match; labels first, then underlying column names. */
    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        Integer known = labels.get(columnLabel);
        if (known != null) {
            return known;
        }
        int found = search(columnLabel);
        if (labels.size() < LABEL_CACHE_LIMIT) {
            labels.put(columnLabel, found);
        }
        return found;
    }

    private int search(String columnLabel) throws SQLException {
        if (columnLabel != null) {
            for (int i = 0; i < columns.length; i++) {
                if (columnLabel.equalsIgnoreCase(labelOf(columns[i]))) {
                    return i + 1;
                }
            }
            for (int i = 0; i < columns.length; i++) {
                if (columnLabel.equalsIgnoreCase(columns[i].getName())) {
                    return i + 1;
                }
            }
        }
        StringBuilder known = new StringBuilder();
        for (ColumnMeta column : columns) {
            known.append(known.length() == 0 ? "" : ", ").append(labelOf(column));
        }
        throw SqlExceptions.of(SqlExceptions.UNDEFINED_COLUMN,
                "the result has no column labelled '" + columnLabel + "'; its columns are: " + known);
    }

    static String labelOf(ColumnMeta column) {
        return column.getLabel().isEmpty() ? column.getName() : column.getLabel();
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return reader.wasNull();
    }

    // ------------------------------------------------------------------ getters by index

    @Override
    public String getString(int columnIndex) throws SQLException {
        return reader.getString(cell(columnIndex));
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return reader.getBoolean(cell(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return (byte) reader.getLong(cell(columnIndex), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return (short) reader.getLong(cell(columnIndex), Short.MIN_VALUE, Short.MAX_VALUE, "short");
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return (int) reader.getLong(cell(columnIndex), Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return reader.getLong(cell(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return reader.getFloat(cell(columnIndex));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return reader.getDouble(cell(columnIndex));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal value = reader.getBigDecimal(cell(columnIndex));
        return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return reader.getBigDecimal(cell(columnIndex));
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return reader.getBytes(cell(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return reader.getDate(cell(columnIndex), null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
        return reader.getDate(cell(columnIndex), calendar);
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return reader.getTime(cell(columnIndex), null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
        return reader.getTime(cell(columnIndex), calendar);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return reader.getTimestamp(cell(columnIndex), null);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
        return reader.getTimestamp(cell(columnIndex), calendar);
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        String text = reader.getString(cell(columnIndex));
        return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw SqlExceptions.notSupported("getUnicodeStream (deprecated since JDBC 2; use getCharacterStream)");
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        return reader.getBinaryStream(cell(columnIndex));
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        String text = reader.getString(cell(columnIndex));
        return text == null ? null : new StringReader(text);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return reader.getObject(cell(columnIndex));
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return reader.getObject(cell(columnIndex), type);
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw SqlExceptions.notSupported("getObject with a type map (user-defined types)");
        }
        return getObject(columnIndex);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        return LargeObjects.blob(reader.getBytes(cell(columnIndex)));
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        return LargeObjects.clob(reader.getString(cell(columnIndex)));
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        return LargeObjects.nclob(reader.getString(cell(columnIndex)));
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        String text = reader.getString(cell(columnIndex));
        try {
            return text == null ? null : new URL(text);
        } catch (MalformedURLException e) {
            throw SqlExceptions.of(SqlExceptions.INVALID_CHARACTER_VALUE_FOR_CAST,
                    "column " + columnIndex + " does not hold a URL: " + e.getMessage(), e);
        }
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        return reader.getArray(cell(columnIndex));
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw SqlExceptions.notSupported("getRef");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw SqlExceptions.notSupported("getRowId");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        throw SqlExceptions.notSupported("getSQLXML (XML arrives as text: use getString)");
    }

    // ------------------------------------------------------------------ getters by label

    @Override
    public String getString(String columnLabel) throws SQLException {
        return reader.getString(cell(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return reader.getBoolean(cell(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return reader.getLong(cell(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return reader.getFloat(cell(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return reader.getDouble(cell(columnLabel));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return getBigDecimal(findColumn(columnLabel), scale);
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return reader.getBigDecimal(cell(columnLabel));
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return reader.getBytes(cell(columnLabel));
    }

    @Override
    public Date getDate(String columnLabel) throws SQLException {
        return reader.getDate(cell(columnLabel), null);
    }

    @Override
    public Date getDate(String columnLabel, Calendar calendar) throws SQLException {
        return reader.getDate(cell(columnLabel), calendar);
    }

    @Override
    public Time getTime(String columnLabel) throws SQLException {
        return reader.getTime(cell(columnLabel), null);
    }

    @Override
    public Time getTime(String columnLabel, Calendar calendar) throws SQLException {
        return reader.getTime(cell(columnLabel), calendar);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return reader.getTimestamp(cell(columnLabel), null);
    }

    @Override
    public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
        return reader.getTimestamp(cell(columnLabel), calendar);
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        return getAsciiStream(findColumn(columnLabel));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        throw SqlExceptions.notSupported("getUnicodeStream (deprecated since JDBC 2; use getCharacterStream)");
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        return getBinaryStream(findColumn(columnLabel));
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        return getCharacterStream(findColumn(columnLabel));
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return getString(columnLabel);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return reader.getObject(cell(columnLabel));
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return reader.getObject(cell(columnLabel), type);
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(columnLabel), map);
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        return getBlob(findColumn(columnLabel));
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        return getClob(findColumn(columnLabel));
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        return getNClob(findColumn(columnLabel));
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        return getURL(findColumn(columnLabel));
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        return getArray(findColumn(columnLabel));
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        return getRef(findColumn(columnLabel));
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        return getRowId(findColumn(columnLabel));
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        return getSQLXML(findColumn(columnLabel));
    }

    // ------------------------------------------------------------------ the result set itself

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metaData == null) {
            metaData = new GatehouseResultSetMetaData(columns);
        }
        return metaData;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public String getCursorName() throws SQLException {
        throw SqlExceptions.notSupported("getCursorName (positioned updates)");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw SqlExceptions.notSupported("a fetch direction other than FETCH_FORWARD on a forward-only result set");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    /** A hint only: the batch size was sent with the statement and the stream is already running. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the fetch size must be 0 or more");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw SqlExceptions.of(SqlExceptions.INVALID_ARGUMENT, "the result set does not wrap a " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw closedError();
        }
    }

    private static SQLException closedError() {
        return SqlExceptions.of(SqlExceptions.FUNCTION_SEQUENCE_ERROR, "the result set is closed");
    }

    private static SQLException readOnly() {
        return SqlExceptions.notSupported("updating a result set (results are CONCUR_READ_ONLY; use UPDATE statements)");
    }

    // ------------------------------------------------------------------ read-only: every update method refuses

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(int columnIndex, boolean value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(int columnIndex, byte value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(int columnIndex, short value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(int columnIndex, int value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(int columnIndex, long value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(int columnIndex, float value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(int columnIndex, double value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(int columnIndex, String value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(int columnIndex, byte[] value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(int columnIndex, Date value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(int columnIndex, Time value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream value, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream value, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader value, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int columnIndex, Object value, int scaleOrLength) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int columnIndex, Object value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(String columnLabel, boolean value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(String columnLabel, byte value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(String columnLabel, short value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(String columnLabel, int value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(String columnLabel, long value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(String columnLabel, float value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(String columnLabel, double value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(String columnLabel, String value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(String columnLabel, byte[] value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(String columnLabel, Date value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(String columnLabel, Time value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream value, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream value, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader value, int length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String columnLabel, Object value, int scaleOrLength) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String columnLabel, Object value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void insertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(int columnIndex, Ref value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(String columnLabel, Ref value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int columnIndex, Blob value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String columnLabel, Blob value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int columnIndex, Clob value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String columnLabel, Clob value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(int columnIndex, Array value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(String columnLabel, Array value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(int columnIndex, RowId value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(String columnLabel, RowId value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(int columnIndex, String value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(String columnLabel, String value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int columnIndex, NClob value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String columnLabel, NClob value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int columnIndex, InputStream value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String columnLabel, InputStream value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int columnIndex, Reader value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String columnLabel, Reader value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int columnIndex, Reader value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String columnLabel, Reader value, long length) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int columnIndex, InputStream value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String columnLabel, InputStream value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int columnIndex, Reader value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String columnLabel, Reader value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int columnIndex, Reader value) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String columnLabel, Reader value) throws SQLException {
        throw readOnly();
    }
}
