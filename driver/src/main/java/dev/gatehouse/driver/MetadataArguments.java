package dev.gatehouse.driver;

import dev.gatehouse.proto.v1.ArrayValue;
import dev.gatehouse.proto.v1.Value;
import java.sql.Types;

/**
 * Arguments of DatabaseMetaData calls as wire Values: a null String is a NullValue (JDBC gives
 * null a meaning there: "do not narrow the search"), arrays travel as ArrayValue.
 */
final class MetadataArguments {
    private MetadataArguments() {}

    static Value of(String text) {
        return text == null ? ParameterValues.nullOf(Types.VARCHAR) : ParameterValues.ofString(text, Types.VARCHAR);
    }

    static Value of(String[] texts) {
        if (texts == null) {
            return ParameterValues.nullOf(Types.ARRAY);
        }
        ArrayValue.Builder array = ArrayValue.newBuilder();
        for (String text : texts) {
            array.addElements(of(text));
        }
        return Value.newBuilder().setArrayValue(array).setSqlType(Types.ARRAY).build();
    }

    static Value of(int number) {
        return ParameterValues.ofLong(number, Types.INTEGER);
    }

    static Value of(int[] numbers) {
        if (numbers == null) {
            return ParameterValues.nullOf(Types.ARRAY);
        }
        ArrayValue.Builder array = ArrayValue.newBuilder();
        for (int number : numbers) {
            array.addElements(of(number));
        }
        return Value.newBuilder().setArrayValue(array).setSqlType(Types.ARRAY).build();
    }

    static Value of(boolean flag) {
        return ParameterValues.ofBoolean(flag);
    }
}
