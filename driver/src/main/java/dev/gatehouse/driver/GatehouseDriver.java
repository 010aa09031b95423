package dev.gatehouse.driver;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The Gatehouse JDBC driver: {@code jdbc:gatehouse://HOST:PORT/DATASOURCE[?key=value&…]}.
 *
 * <p>The application holds no database credential. It presents an OIDC token; the Gatehouse
 * sidecar it talks to over gRPC holds the credential, checks the token and the statement against
 * its policy, and streams the rows back (SPEC §2). The driver registers itself with {@link
 * DriverManager} when loaded, and through {@code META-INF/services/java.sql.Driver}.
 *
 * <p>This is the driver's only public class; its API is {@code java.sql}.
 */
public final class GatehouseDriver implements Driver {
    static {
        try {
            DriverManager.registerDriver(new GatehouseDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** For DriverManager and the ServiceLoader; applications normally never call it. */
    public GatehouseDriver() {
        // nothing to set up: connections share channels through SidecarChannels
    }

    /**
     * Opens a session on the sidecar; null for a URL that is not {@code jdbc:gatehouse:}, as
     * DriverManager expects of a driver asked about another driver's URL.
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        ConnectionSettings settings = ConnectionSettings.parse(url, info);
        TokenSource tokens = TokenSource.resolve(settings, System::getenv);
        return GatehouseConnection.open(settings, tokens);
    }

    @Override
    public boolean acceptsURL(String url) {
        return ConnectionSettings.accepts(url);
    }

    /** Every key the driver understands, with its current value (never a token's). */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        DriverProperty[] properties = DriverProperty.values();
        DriverPropertyInfo[] infos = new DriverPropertyInfo[properties.length];
        for (int i = 0; i < properties.length; i++) {
            DriverProperty property = properties[i];
            String given = info == null ? null : info.getProperty(property.key);
            String value = given != null && property.isSecret() ? "" : given;
            DriverPropertyInfo propertyInfo = new DriverPropertyInfo(
                    property.key, value != null ? value : property.defaultValue);
            propertyInfo.description = property.description;
            propertyInfo.required = false;
            if (property == DriverProperty.READ_ONLY) {
                propertyInfo.choices = new String[] {"true", "false"};
            }
            infos[i] = propertyInfo;
        }
        return infos;
    }

    @Override
    public int getMajorVersion() {
        return DriverVersion.MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return DriverVersion.MINOR;
    }

    /** Not claimed: the SQL is the backend database's, and the driver offers a JDBC subset. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw SqlExceptions.notSupported("getParentLogger (the driver does not log)");
    }
}
