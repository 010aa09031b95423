package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionSettingsTest {
    private static ConnectionSettings parse(String url) throws SQLException {
        return ConnectionSettings.parse(url, new Properties());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:gatehouse://db.example:9000/orders        | db.example | 9000 | orders",
        "jdbc:gatehouse://db.example/orders             | db.example | 7433 | orders",
        "jdbc:gatehouse:///orders                       | 127.0.0.1  | 7433 | orders",
        "jdbc:gatehouse://:8000/orders                  | 127.0.0.1  | 8000 | orders",
        "jdbc:gatehouse://[::1]:7500/orders             | ::1        | 7500 | orders",
        "jdbc:gatehouse://[::1]/orders                  | ::1        | 7433 | orders",
        "jdbc:gatehouse://h:1/sales%20eu?fetch_size=10  | h          | 1    | sales eu",
        "jdbc:gatehouse://h:65535/d?                    | h          | 65535| d",
    })
    void parsesHostPortAndDatasource(String url, String host, int port, String datasource) throws SQLException {
        ConnectionSettings settings = parse(url);
        assertEquals(host, settings.address().host());
        assertEquals(port, settings.address().port());
        assertEquals(datasource, settings.datasource());
        assertFalse(settings.address().isUnixSocket());
    }

    @Test
    void socketKeyChoosesUnixDomainSocketAndIgnoresHostPort() throws SQLException {
        ConnectionSettings settings = parse("jdbc:gatehouse://ignored:1/demo?socket=/run/gatehouse/gatehouse.sock");
        assertTrue(settings.address().isUnixSocket());
        assertEquals("/run/gatehouse/gatehouse.sock", settings.address().socketPath());
        assertEquals("unix:/run/gatehouse/gatehouse.sock", settings.address().describe());
    }

    @Test
    void emptyAuthorityWithSocketParses() throws SQLException {
        ConnectionSettings settings = parse("jdbc:gatehouse:///demo?socket=%2Ftmp%2Fg%20h.sock");
        assertEquals("/tmp/g h.sock", settings.address().socketPath());
        assertEquals("demo", settings.datasource());
    }

    @Test
    void percentDecodesValuesButKeepsPlusSigns() throws SQLException {
        ConnectionSettings settings = parse("jdbc:gatehouse://h/d?application_name=a+b%2Bc%C3%A9&token=x");
        assertEquals("a+b+cé", settings.value(DriverProperty.APPLICATION_NAME));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://h/d                     | must start with jdbc:gatehouse:",
        "jdbc:gatehouse:orders                     | expected jdbc:gatehouse://HOST:PORT/DATASOURCE",
        "jdbc:gatehouse://h:7433                   | datasource name is missing",
        "jdbc:gatehouse://h:7433/                  | datasource name is missing",
        "jdbc:gatehouse://h:7433/a/b               | may not contain '/'",
        "jdbc:gatehouse://h:0/d                    | port must be a number from 1 to 65535",
        "jdbc:gatehouse://h:70000/d                | port must be a number from 1 to 65535",
        "jdbc:gatehouse://h:http/d                 | port must be a number from 1 to 65535",
        "jdbc:gatehouse://[::1/d                   | unclosed '['",
        "jdbc:gatehouse://user:pw@h/d              | user information in the URL is not supported",
        "jdbc:gatehouse://h/d?tokn=abc             | unknown URL key 'tokn'",
        "jdbc:gatehouse://h/d?fetch_size           | URL key 'fetch_size' needs a value",
        "jdbc:gatehouse://h/d?fetch_size=1&fetch_size=2 | URL key 'fetch_size' is given twice",
        "jdbc:gatehouse://h/d?fetch_size=-1        | fetch_size must be a whole number",
        "jdbc:gatehouse://h/d?connect_timeout=soon | connect_timeout must be a duration",
        "jdbc:gatehouse://h/d?read_only=maybe      | read_only must be true or false",
        "jdbc:gatehouse://h/d?socket=              | socket must name the path",
        "jdbc:gatehouse://h/d?token_file=          | token_file must name a file",
        "jdbc:gatehouse://h/d%zz                   | broken percent-encoding",
        "jdbc:gatehouse://h/d#frag                 | may not contain '#'",
    })
    void refusesBadUrlsWithA08001NamingTheProblem(String url, String expected) {
        SQLException e = assertThrows(SQLException.class, () -> parse(url));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void unknownPropertyIsRefusedByName() {
        Properties properties = new Properties();
        properties.setProperty("sslmode", "require");
        SQLException e = assertThrows(SQLException.class,
                () -> ConnectionSettings.parse("jdbc:gatehouse://h/d", properties));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("unknown connection property 'sslmode'"), e.getMessage());
        assertTrue(e.getMessage().contains("token_file"), "lists the known keys: " + e.getMessage());
    }

    @Test
    void propertiesOverrideUrlKeys() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("fetch_size", "500");
        properties.setProperty("user", "someone");
        ConnectionSettings settings = ConnectionSettings.parse("jdbc:gatehouse://h/d?fetch_size=10", properties);
        assertEquals(500, settings.fetchSize());
    }

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({"30, 30000", "30s, 30000", "500ms, 500", "2m, 120000", "0, 0", " 7 s , 7000"})
    void durationsAcceptSecondsAndUnits(String text, int millis) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("connect_timeout", text);
        assertEquals(millis, ConnectionSettings.parse("jdbc:gatehouse://h/d", properties).connectTimeoutMillis());
    }

    @Test
    void defaultsApplyWhenKeysAreAbsent() throws SQLException {
        ConnectionSettings settings = parse("jdbc:gatehouse://h/d");
        assertEquals(10_000, settings.connectTimeoutMillis());
        assertEquals(0, settings.networkTimeoutMillis());
        assertEquals(0, settings.queryTimeoutMillis());
        assertEquals(0, settings.fetchSize());
        assertNull(settings.readOnly());
    }

    @Test
    void redactedUrlDropsTokenAndPasswordButKeepsTheRest() throws SQLException {
        ConnectionSettings settings = parse(
                "jdbc:gatehouse://h:7433/d?fetch_size=5&token=SECRET.TOKEN.VALUE&password=a.b.c&read_only=true");
        assertEquals("jdbc:gatehouse://h:7433/d?fetch_size=5&read_only=true", settings.redactedUrl());
        assertFalse(settings.toString().contains("SECRET"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:gatehouse://h/d?token=SECRET-TOKEN&tokn=1", "jdbc:gatehouse://h:x/d?token=SECRET-TOKEN"})
    void errorMessagesNeverContainTheToken(String url) {
        SQLException e = assertThrows(SQLException.class, () -> parse(url));
        assertFalse(e.getMessage().contains("SECRET-TOKEN"), e.getMessage());
    }

    @Test
    void acceptsOnlyGatehouseUrls() {
        assertTrue(ConnectionSettings.accepts("jdbc:gatehouse://h/d"));
        assertFalse(ConnectionSettings.accepts("jdbc:h2:mem:x"));
        assertFalse(ConnectionSettings.accepts(null));
    }
}
