package dev.gatehouse.driver;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A savepoint set through EndTransaction; the id is the driver's, the name the application's. */
record GatehouseSavepoint(GatehouseConnection connection, int id, String name) implements Savepoint {
    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw SqlExceptions.of(SqlExceptions.FUNCTION_SEQUENCE_ERROR,
                    "a named savepoint has no id; use getSavepointName");
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw SqlExceptions.of(SqlExceptions.FUNCTION_SEQUENCE_ERROR,
                    "an unnamed savepoint has no name; use getSavepointId");
        }
        return name;
    }

    @Override
    public String toString() {
        return name == null ? "Savepoint[" + id + "]" : "Savepoint[" + name + "]";
    }
}
