package dev.gatehouse.driver;

import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * Blobs and Clobs of a result, held in memory: the value has already crossed the wire in full,
 * so there is no locator to keep and nothing to free on the sidecar.
 */
final class LargeObjects {
    private LargeObjects() {}

    static Blob blob(byte[] bytes) throws SQLException {
        return bytes == null ? null : new SerialBlob(bytes);
    }

    static Clob clob(String text) throws SQLException {
        return text == null ? null : new SerialClob(text.toCharArray());
    }

    static NClob nclob(String text) throws SQLException {
        return text == null ? null : new InMemoryNClob(text.toCharArray());
    }

    /** SerialClob already does all an NClob needs; NClob only marks the national character set. */
    private static final class InMemoryNClob extends SerialClob implements NClob {
        InMemoryNClob(char[] text) throws SQLException {
            super(text);
        }
    }
}
