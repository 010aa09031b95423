package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Arrays;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DriverTest {
    @Test
    void isFoundThroughTheServiceLoaderAndDriverManager() throws SQLException {
        boolean listed = ServiceLoader.load(Driver.class).stream()
                .anyMatch(provider -> provider.type() == GatehouseDriver.class);
        assertTrue(listed, "META-INF/services/java.sql.Driver names the driver");
        assertInstanceOf(GatehouseDriver.class, DriverManager.getDriver("jdbc:gatehouse://h/d"));
    }

    @Test
    void declinesOtherUrlsWithNull() throws SQLException {
        GatehouseDriver driver = new GatehouseDriver();
        assertNull(driver.connect("jdbc:postgresql://h/d", new Properties()));
        assertFalse(driver.acceptsURL("jdbc:postgresql://h/d"));
        assertTrue(driver.acceptsURL("jdbc:gatehouse:///demo?socket=/tmp/s"));
    }

    @Test
    void propertyInfoListsEveryKeyAndNeverEchoesSecrets() {
        Properties given = new Properties();
        given.setProperty("token", "secret.token.value");
        given.setProperty("fetch_size", "100");
        DriverPropertyInfo[] infos = new GatehouseDriver().getPropertyInfo("jdbc:gatehouse://h/d", given);
        assertEquals(DriverProperty.values().length, infos.length);
        for (DriverPropertyInfo info : infos) {
            assertFalse(info.description.isBlank(), info.name);
            assertFalse("secret.token.value".equals(info.value));
        }
        assertEquals("100", Arrays.stream(infos).filter(i -> i.name.equals("fetch_size")).findFirst().orElseThrow().value);
        assertEquals("10s", Arrays.stream(infos).filter(i -> i.name.equals("connect_timeout")).findFirst().orElseThrow().value);
    }

    @Test
    void versionAndCompliance() throws SQLException {
        GatehouseDriver driver = new GatehouseDriver();
        assertEquals(DriverVersion.MAJOR, driver.getMajorVersion());
        assertEquals(DriverVersion.MINOR, driver.getMinorVersion());
        assertFalse(DriverVersion.TEXT.isBlank());
        assertFalse(DriverVersion.TEXT.contains("${"));
        assertEquals(2, DriverVersion.part("1.2.3-SNAPSHOT", 1));
        assertEquals(0, DriverVersion.part("x", 2));
        assertFalse(driver.jdbcCompliant());
        assertThrows(SQLFeatureNotSupportedException.class, driver::getParentLogger);
    }

    @Test
    void onlyTheDriverIsPublic() throws Exception {
        for (String name : new String[] {"GatehouseConnection", "GatehouseStatement", "GatehousePreparedStatement",
                "GatehouseResultSet", "GatehouseDatabaseMetaData", "ConnectionSettings", "TokenSource", "SidecarChannels"}) {
            Class<?> type = Class.forName("dev.gatehouse.driver." + name);
            assertFalse(Modifier.isPublic(type.getModifiers()), name + " is internal");
        }
        assertTrue(Modifier.isPublic(GatehouseDriver.class.getModifiers()));
        assertTrue(Modifier.isPublic(GatehouseDriver.class.getConstructor().getModifiers()));
    }

    @Test
    void databasePasswordIsRefusedBeforeAnyNetworkCall() {
        Properties properties = new Properties();
        properties.setProperty("user", "app");
        properties.setProperty("password", "s3cret");
        // nothing listens on port 1: the refusal must come before any attempt to connect
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:gatehouse://127.0.0.1:1/demo", properties));
        assertEquals("28000", e.getSQLState());
    }

    @Test
    void passwordFieldCanCarryTheToken() throws Exception {
        try (FakeSidecar sidecar = FakeSidecar.start();
                Connection connection = DriverManager.getConnection(
                        "jdbc:gatehouse://127.0.0.1:" + sidecar.port() + "/demo", "anyone", FakeSidecar.TOKEN)) {
            assertTrue(connection.isValid(1));
            assertEquals("Bearer " + FakeSidecar.TOKEN, sidecar.authorizations.get(0));
        }
    }
}
