package dev.gatehouse.driver;

import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;
import javax.sql.rowset.serial.SerialException;

/**
 * Blobs and Clobs of a result, held in memory: the value has already crossed the wire in full,
 * so there is no locator to keep and nothing to free on the sidecar.
 */
final class LargeObjects {
    private LargeObjects() {}

    static Blob blob(byte[] bytes) throws SQLException {
        return bytes == null ? null : new InMemoryBlob(bytes);
    }

    static Clob clob(String text) throws SQLException {
        return text == null ? null : new InMemoryClob(text.toCharArray());
    }

    static NClob nclob(String text) throws SQLException {
        return text == null ? null : new InMemoryNClob(text.toCharArray());
    }

    /**
     * SerialBlob refuses position 1 of an empty value, which breaks the usual way to read a whole
     * Blob, {@code getBytes(1, (int) length())}, on an empty one; JDBC and the databases' own
     * drivers answer an empty array.
     */
    private static final class InMemoryBlob extends SerialBlob {
        InMemoryBlob(byte[] bytes) throws SQLException {
            super(bytes);
        }

        @Override
        public byte[] getBytes(long pos, int length) throws SerialException {
            if (pos == 1 && length >= 0 && length() == 0) {
                return new byte[0];
            }
            return super.getBytes(pos, length);
        }
    }

    /** The same for SerialClob: {@code getSubString(1, 0)} of an empty Clob is the empty string. */
    private static class InMemoryClob extends SerialClob {
        InMemoryClob(char[] text) throws SQLException {
            super(text);
        }

        @Override
        public String getSubString(long pos, int length) throws SerialException {
            if (pos == 1 && length >= 0 && length() == 0) {
                return "";
            }
            return super.getSubString(pos, length);
        }
    }

    /** An in-memory Clob already does all an NClob needs; NClob only marks the national character set. */
    private static final class InMemoryNClob extends InMemoryClob implements NClob {
        InMemoryNClob(char[] text) throws SQLException {
            super(text);
        }
    }
}
