package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TextArrayTest {
    @Test
    void integersWithNullsBecomeAnIntegerArray() throws SQLException {
        TextArray a = TextArray.parse("_int4", "{1,-2,NULL,4}");
        assertInstanceOf(Integer[].class, a.getArray());
        assertArrayEquals(new Integer[] {1, -2, null, 4}, (Object[]) a.getArray());
        assertEquals("int4", a.getBaseTypeName());
        assertEquals(Types.INTEGER, a.getBaseType());
        assertArrayEquals(new Integer[] {-2, null}, (Object[]) a.getArray(2, 2));
    }

    @Test
    void quotedTextKeepsCommasBracesQuotesAndTheWordNull() throws SQLException {
        TextArray a = TextArray.parse("_text",
                "{\"a b\",\"c,d\",NULL,\"\",\"NULL\",\"say \\\"hi\\\"\",\"{x}\",plain}");
        assertArrayEquals(new String[] {"a b", "c,d", null, "", "NULL", "say \"hi\"", "{x}", "plain"},
                (Object[]) a.getArray());
    }

    @Test
    void nestedEmptyAndTypedArrays() throws SQLException {
        Object[] nested = (Object[]) TextArray.parse("_int8", "{{1,2},{3,4}}").getArray();
        assertArrayEquals(new Long[] {3L, 4L}, (Object[]) nested[1]);
        assertEquals(0, ((Object[]) TextArray.parse("_int4", "{}").getArray()).length);
        assertArrayEquals(new Boolean[] {true, false},
                (Object[]) TextArray.parse("_bool", "{t,f}").getArray());
        assertArrayEquals(new BigDecimal[] {new BigDecimal("1.50")},
                (Object[]) TextArray.parse("_numeric", "{1.50}").getArray());
        UUID u = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertArrayEquals(new UUID[] {u}, (Object[]) TextArray.parse("_uuid", "{" + u + "}").getArray());
        assertArrayEquals(new String[] {"10.0.0.1"},
                (Object[]) TextArray.parse("_inet", "{10.0.0.1}").getArray());
        assertArrayEquals(new Integer[] {7}, (Object[]) TextArray.parse("_int4", "[0:0]={7}").getArray());
    }

    @Test
    void malformedTextIsRefusedNotGuessed() {
        for (String bad : new String[] {"", "{", "{1,2", "1,2", "{1,,2}", "{\"a}", "{1}x", "{a}"}) {
            SQLException e = assertThrows(SQLException.class, () -> TextArray.parse("_int4", bad), bad);
            assertEquals("22018", e.getSQLState(), bad);
        }
    }

    @Test
    void onlyPostgresArrayTypeNamesAreReadable() {
        assertEquals(true, TextArray.readable("_int4"));
        assertEquals(false, TextArray.readable("INTEGER ARRAY"));
        assertEquals(false, TextArray.readable("_"));
    }
}
