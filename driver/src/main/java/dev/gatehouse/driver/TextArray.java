package dev.gatehouse.driver;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A PostgreSQL array read from its text form ({@code {1,2,NULL}}, {@code {"a b","c,d"}},
 * {@code {{1,2},{3,4}}}): arrays travel as text, and the elements are converted here to the
 * classes PostgreSQL's own driver gives them (Integer for {@code int4}, String for {@code text},
 * …). Element types the driver has no class for stay text. Immutable once read.
 */
final class TextArray implements Array {
    /** Element type → (JDBC type, Java class). Unknown element types read as VARCHAR text. */
    private static final Map<String, Object[]> ELEMENTS = Map.ofEntries(
            Map.entry("int2", new Object[] {Types.SMALLINT, Short.class}),
            Map.entry("int4", new Object[] {Types.INTEGER, Integer.class}),
            Map.entry("int8", new Object[] {Types.BIGINT, Long.class}),
            Map.entry("float4", new Object[] {Types.REAL, Float.class}),
            Map.entry("float8", new Object[] {Types.DOUBLE, Double.class}),
            Map.entry("numeric", new Object[] {Types.NUMERIC, BigDecimal.class}),
            Map.entry("bool", new Object[] {Types.BIT, Boolean.class}),
            Map.entry("uuid", new Object[] {Types.OTHER, UUID.class}),
            Map.entry("text", new Object[] {Types.VARCHAR, String.class}),
            Map.entry("varchar", new Object[] {Types.VARCHAR, String.class}),
            Map.entry("bpchar", new Object[] {Types.CHAR, String.class}));

    private final String baseTypeName;
    private final int baseType;
    private final Object elements;

    private TextArray(String baseTypeName, int baseType, Object elements) {
        this.baseTypeName = baseTypeName;
        this.baseType = baseType;
        this.elements = elements;
    }

    /** True for a column whose values this class can read: a PostgreSQL array ({@code _int4}). */
    static boolean readable(String typeName) {
        return typeName.length() > 1 && typeName.charAt(0) == '_';
    }

    /**
     * Parses {@code text} as an array of {@code typeName}'s elements.
     *
     * @throws SQLException 22018 when the text is not an array literal
     */
    static TextArray parse(String typeName, String text) throws SQLException {
        String base = typeName.substring(1);
        Object[] element = ELEMENTS.getOrDefault(base, new Object[] {Types.VARCHAR, String.class});
        Parser p = new Parser(text, (Class<?>) element[1]);
        Object parsed = p.array();
        if (p.pos != text.length()) {
            throw p.malformed();
        }
        return new TextArray(base, (Integer) element[0], parsed);
    }

    @Override
    public String getBaseTypeName() {
        return baseTypeName;
    }

    @Override
    public int getBaseType() {
        return baseType;
    }

    @Override
    public Object getArray() {
        return copy(elements);
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) {
        return getArray();
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        Object[] all = (Object[]) elements;
        if (index < 1 || count < 0 || index - 1 + count > all.length) {
            throw SqlExceptions.of(SqlExceptions.INVALID_PARAMETER_VALUE, "elements " + index + " to "
                    + (index + count - 1) + " are outside the array's 1 to " + all.length);
        }
        return Arrays.copyOfRange(all, (int) index - 1, (int) index - 1 + count);
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return getArray(index, count);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        throw SqlExceptions.notSupported("Array.getResultSet (use getArray)");
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        throw SqlExceptions.notSupported("Array.getResultSet (use getArray)");
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        throw SqlExceptions.notSupported("Array.getResultSet (use getArray)");
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map)
            throws SQLException {
        throw SqlExceptions.notSupported("Array.getResultSet (use getArray)");
    }

    @Override
    public void free() {}

    @Override
    public String toString() {
        return Arrays.deepToString((Object[]) elements);
    }

    private static Object copy(Object array) {
        Object[] a = ((Object[]) array).clone();
        for (int i = 0; i < a.length; i++) {
            if (a[i] instanceof Object[]) {
                a[i] = copy(a[i]);
            }
        }
        return a;
    }

    /** PostgreSQL's array literal: braces, commas, double quotes with backslash escapes, NULL. */
    private static final class Parser {
        private final String text;
        private final Class<?> elementClass;
        int pos;

        Parser(String text, Class<?> elementClass) {
            this.text = text;
            this.elementClass = elementClass;
        }

        Object array() throws SQLException {
            if (pos < text.length() && text.charAt(pos) == '[') {
                // explicit bounds ([0:2]={…}): the bounds are not kept, the elements are
                int eq = text.indexOf('=', pos);
                if (eq < 0) {
                    throw malformed();
                }
                pos = eq + 1;
            }
            expect('{');
            List<Object> items = new ArrayList<>();
            boolean nested = false;
            if (peek() == '}') {
                pos++;
                return java.lang.reflect.Array.newInstance(elementClass, 0);
            }
            while (true) {
                char c = peek();
                if (c == '{') {
                    nested = true;
                    items.add(array());
                } else if (c == '"') {
                    items.add(convert(quoted()));
                } else {
                    String word = unquoted();
                    items.add(word.equalsIgnoreCase("NULL") ? null : convert(word));
                }
                char next = peek();
                pos++;
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    throw malformed();
                }
            }
            Object[] out = nested ? new Object[items.size()]
                    : (Object[]) java.lang.reflect.Array.newInstance(elementClass, items.size());
            return items.toArray(out);
        }

        private String quoted() throws SQLException {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (pos >= text.length()) {
                        break;
                    }
                    c = text.charAt(pos++);
                }
                sb.append(c);
            }
            throw malformed();
        }

        private String unquoted() throws SQLException {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != '}') {
                pos++;
            }
            if (pos == start) {
                throw malformed();
            }
            return text.substring(start, pos).trim();
        }

        private Object convert(String s) throws SQLException {
            try {
                if (elementClass == String.class) {
                    return s;
                }
                if (elementClass == Short.class) {
                    return Short.valueOf(s);
                }
                if (elementClass == Integer.class) {
                    return Integer.valueOf(s);
                }
                if (elementClass == Long.class) {
                    return Long.valueOf(s);
                }
                if (elementClass == Float.class) {
                    return Float.valueOf(s);
                }
                if (elementClass == Double.class) {
                    return Double.valueOf(s);
                }
                if (elementClass == BigDecimal.class) {
                    return new BigDecimal(s);
                }
                if (elementClass == Boolean.class) {
                    return s.equals("t") || s.equalsIgnoreCase("true");
                }
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                throw SqlExceptions.of(SqlExceptions.INVALID_CHARACTER_VALUE_FOR_CAST,
                        "the array element \"" + DateTimeCodec.abbreviate(s) + "\" is not a "
                                + elementClass.getSimpleName());
            }
        }

        private char peek() throws SQLException {
            if (pos >= text.length()) {
                throw malformed();
            }
            return text.charAt(pos);
        }

        private void expect(char c) throws SQLException {
            if (peek() != c) {
                throw malformed();
            }
            pos++;
        }

        SQLException malformed() {
            return SqlExceptions.of(SqlExceptions.INVALID_CHARACTER_VALUE_FOR_CAST, "\""
                    + DateTimeCodec.abbreviate(text) + "\" is not an array literal");
        }
    }
}
