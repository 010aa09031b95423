package dev.gatehouse.driver;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;

/**
 * Builds the {@link SQLException} subclass that a SQLState calls for, so that applications and
 * frameworks that dispatch on the exception type (retry on rollback, re-authenticate on 28xxx)
 * see the same thing they would see from a direct driver (SPEC §6).
 */
final class SqlExceptions {
    /** Token missing, malformed or refused. */
    static final String INVALID_AUTHORIZATION = "28000";
    /** The sidecar could not be reached when connecting. */
    static final String UNABLE_TO_CONNECT = "08001";
    /** The connection is closed. */
    static final String CONNECTION_DOES_NOT_EXIST = "08003";
    /** The connection broke during a call. */
    static final String CONNECTION_FAILURE = "08006";
    static final String TIMEOUT = "HYT00";
    static final String CANCELLED = "57014";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String INVALID_CHARACTER_VALUE_FOR_CAST = "22018";
    static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    static final String INVALID_PARAMETER_VALUE = "22023";
    static final String INVALID_CURSOR_STATE = "24000";
    static final String INVALID_TRANSACTION_STATE = "25000";
    static final String INVALID_DESCRIPTOR_INDEX = "07009";
    static final String PARAMETER_NOT_SET = "07001";
    static final String UNDEFINED_COLUMN = "42703";
    static final String FUNCTION_SEQUENCE_ERROR = "HY010";
    static final String INVALID_ARGUMENT = "HY024";
    static final String PROTOCOL_VIOLATION = "08P01";
    static final String INTERNAL_ERROR = "XX000";

    private SqlExceptions() {}

    static SQLException of(String sqlState, String message) {
        return of(sqlState, message, 0, null);
    }

    static SQLException of(String sqlState, String message, Throwable cause) {
        return of(sqlState, message, 0, cause);
    }

    /** The subclass is chosen by SQLState class, as JDBC 4 §8.5 lays out. */
    static SQLException of(String sqlState, String message, int vendorCode, Throwable cause) {
        String state = sqlState == null || sqlState.length() != 5 ? null : sqlState;
        if (state == null) {
            return new SQLException(message, sqlState, vendorCode, cause);
        }
        if (state.startsWith("HYT")) {
            return new SQLTimeoutException(message, state, vendorCode, cause);
        }
        if (state.equals(CANCELLED)) {
            return new SQLTransientException(message, state, vendorCode, cause);
        }
        switch (state.substring(0, 2)) {
            case "08":
                return new SQLNonTransientConnectionException(message, state, vendorCode, cause);
            case "0A":
                return new SQLFeatureNotSupportedException(message, state, vendorCode, cause);
            case "22":
                return new SQLDataException(message, state, vendorCode, cause);
            case "23":
                return new SQLIntegrityConstraintViolationException(message, state, vendorCode, cause);
            case "28":
                return new SQLInvalidAuthorizationSpecException(message, state, vendorCode, cause);
            case "40":
                return new SQLTransactionRollbackException(message, state, vendorCode, cause);
            case "42":
                return new SQLSyntaxErrorException(message, state, vendorCode, cause);
            default:
                return new SQLException(message, state, vendorCode, cause);
        }
    }

    static SQLFeatureNotSupportedException notSupported(String what) {
        return new SQLFeatureNotSupportedException(
                what + " is not supported by the Gatehouse JDBC driver", FEATURE_NOT_SUPPORTED);
    }

    static SQLException connectionClosed() {
        return of(CONNECTION_DOES_NOT_EXIST, "the connection is closed");
    }
}
