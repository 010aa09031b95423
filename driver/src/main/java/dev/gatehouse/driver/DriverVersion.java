package dev.gatehouse.driver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The driver's own version, as the jar says it.
 *
 * <p>The shaded jar's manifest carries {@code Implementation-Version}; classes run from
 * {@code target/classes} (tests, IDEs) have no manifest, so a Maven-filtered resource is the
 * fallback, and a literal the last resort.
 */
final class DriverVersion {
    static final String NAME = "Gatehouse JDBC driver";
    static final String TEXT = find();
    static final int MAJOR = part(TEXT, 0);
    static final int MINOR = part(TEXT, 1);

    private DriverVersion() {}

    private static String find() {
        String fromManifest = DriverVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = DriverVersion.class.getResourceAsStream("driver.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException ignored) {
            // the literal below is a correct, if less precise, answer
        }
        return "0.1.0";
    }

    /** The n-th dot-separated number of a version such as {@code 0.1.0-SNAPSHOT}; 0 when absent. */
    static int part(String version, int index) {
        String[] parts = version.split("[.-]");
        if (index >= parts.length) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[index]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
