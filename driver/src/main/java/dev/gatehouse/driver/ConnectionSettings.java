package dev.gatehouse.driver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A parsed {@code jdbc:gatehouse://HOST:PORT/DATASOURCE[?key=value&…]} URL merged with the
 * connection properties (SPEC §2). Built once per {@code connect}, validated completely, then only
 * read.
 *
 * <p>Properties given to {@code DriverManager.getConnection} override the same key in the URL: a
 * value passed in code is the closer, more deliberate one.
 *
 * @param address the sidecar to talk to
 * @param datasource the datasource name in the sidecar's configuration
 * @param values every key given, after percent-decoding, properties over URL
 * @param redactedUrl the URL with {@code token} and {@code password} left out, for getURL()
 */
record ConnectionSettings(
        SidecarAddress address, String datasource, Map<String, String> values, String redactedUrl) {
    static final String PREFIX = "jdbc:gatehouse:";
    private static final String FORM = "jdbc:gatehouse://HOST:PORT/DATASOURCE[?key=value&...]";

    ConnectionSettings {
        values = Map.copyOf(values);
    }

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /** Parses and validates; every problem is an SQLException 08001 naming what is wrong. */
    static ConnectionSettings parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw invalid("the URL must start with " + PREFIX + " (" + FORM + ")");
        }
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            throw invalid("expected " + FORM);
        }
        rest = rest.substring(2);
        if (rest.indexOf('#') >= 0) {
            throw invalid("the URL may not contain '#'; percent-encode it as %23");
        }
        int question = rest.indexOf('?');
        String location = question < 0 ? rest : rest.substring(0, question);
        String query = question < 0 ? "" : rest.substring(question + 1);
        int slash = location.indexOf('/');
        if (slash < 0 || slash == location.length() - 1) {
            throw invalid("the datasource name is missing: expected " + FORM);
        }
        String authority = location.substring(0, slash);
        String rawDatasource = location.substring(slash + 1);
        if (rawDatasource.indexOf('/') >= 0) {
            throw invalid("the datasource name may not contain '/' (got \"" + rawDatasource + "\")");
        }
        String datasource = decode(rawDatasource, "the datasource name");

        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder kept = new StringBuilder();
        parseQuery(query, values, kept);
        mergeProperties(info, values);

        SidecarAddress address = values.containsKey(DriverProperty.SOCKET.key)
                ? socketAddress(values.get(DriverProperty.SOCKET.key))
                : tcpAddress(authority);
        String redacted = PREFIX + "//" + authority + "/" + rawDatasource
                + (kept.length() == 0 ? "" : "?" + kept);
        ConnectionSettings settings = new ConnectionSettings(address, datasource, values, redacted);
        settings.validateValues();
        return settings;
    }

    private static void parseQuery(String query, Map<String, String> values, StringBuilder kept)
            throws SQLException {
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals), "a URL key");
            DriverProperty property = known(key, "URL key");
            if (equals < 0) {
                throw invalid("URL key '" + key + "' needs a value (" + key + "=...)");
            }
            if (values.containsKey(key)) {
                throw invalid("URL key '" + key + "' is given twice");
            }
            values.put(key, decode(pair.substring(equals + 1), "the value of URL key '" + key + "'"));
            if (!property.isSecret()) {
                kept.append(kept.length() == 0 ? "" : "&").append(pair);
            }
        }
    }

    private static void mergeProperties(Properties info, Map<String, String> values) throws SQLException {
        if (info == null) {
            return;
        }
        for (String key : info.stringPropertyNames()) {
            known(key, "connection property");
            values.put(key, info.getProperty(key));
        }
    }

    private static DriverProperty known(String key, String kind) throws SQLException {
        DriverProperty property = DriverProperty.forKey(key);
        if (property == null) {
            throw invalid("unknown " + kind + " '" + key + "'; the Gatehouse driver understands: "
                    + knownKeys());
        }
        return property;
    }

    private static String knownKeys() {
        StringBuilder keys = new StringBuilder();
        for (DriverProperty property : DriverProperty.values()) {
            keys.append(keys.length() == 0 ? "" : ", ").append(property.key);
        }
        return keys.toString();
    }

    private static SidecarAddress socketAddress(String path) throws SQLException {
        if (path.isBlank()) {
            throw invalid("socket must name the path of the sidecar's Unix domain socket");
        }
        return SidecarAddress.unixSocket(path);
    }

    private static SidecarAddress tcpAddress(String authority) throws SQLException {
        if (authority.indexOf('@') >= 0) {
            throw invalid("user information in the URL is not supported: the driver never takes a "
                    + "database user or password; give a token instead");
        }
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("unclosed '[' in the IPv6 host \"" + authority + "\"");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw invalid("unexpected \"" + after + "\" after the IPv6 host");
            }
            port = after.isEmpty() ? "" : after.substring(1);
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon + 1);
        }
        return SidecarAddress.tcp(
                host.isEmpty() ? SidecarAddress.DEFAULT_HOST : host, parsePort(port));
    }

    private static int parsePort(String text) throws SQLException {
        if (text.isEmpty()) {
            return SidecarAddress.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("the port must be a number from 1 to 65535 (got \"" + text + "\")");
    }

    /**
     * Strict percent-decoding (RFC 3986): {@code +} stays a plus, since paths and tokens may hold
     * one, and a broken escape is an error rather than a guess.
     */
    static String decode(String text, String what) throws SQLException {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            escaped.reset();
            while (i < text.length() && text.charAt(i) == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
                if (low < 0) {
                    throw invalid("broken percent-encoding in " + what
                            + " (a '%' must be followed by two hex digits)");
                }
                escaped.write(high * 16 + low);
                i += 3;
            }
            out.append(escaped.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private void validateValues() throws SQLException {
        connectTimeoutMillis();
        networkTimeoutMillis();
        queryTimeoutMillis();
        fetchSize();
        readOnly();
        if (values.containsKey(DriverProperty.TOKEN_FILE.key) && value(DriverProperty.TOKEN_FILE).isBlank()) {
            throw invalid("token_file must name a file");
        }
    }

    /** The value given for the key, or its default (possibly null). */
    String value(DriverProperty property) {
        String value = values.get(property.key);
        return value != null ? value : property.defaultValue;
    }

    boolean has(DriverProperty property) {
        return values.containsKey(property.key);
    }

    int connectTimeoutMillis() throws SQLException {
        return durationMillis(DriverProperty.CONNECT_TIMEOUT);
    }

    int networkTimeoutMillis() throws SQLException {
        return durationMillis(DriverProperty.NETWORK_TIMEOUT);
    }

    int queryTimeoutMillis() throws SQLException {
        return durationMillis(DriverProperty.QUERY_TIMEOUT);
    }

    int fetchSize() throws SQLException {
        String text = value(DriverProperty.FETCH_SIZE).trim();
        try {
            int size = Integer.parseInt(text);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("fetch_size must be a whole number of rows, 0 or more (got \"" + text + "\")");
    }

    /** null when not given: the sidecar's default applies. */
    Boolean readOnly() throws SQLException {
        String text = value(DriverProperty.READ_ONLY);
        if (text == null) {
            return null;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                throw invalid("read_only must be true or false (got \"" + text + "\")");
        }
    }

    /**
     * A duration: a plain number is seconds; {@code ms}, {@code s} and {@code m} suffixes are
     * accepted. The result must fit an int of milliseconds (about 24 days).
     */
    private int durationMillis(DriverProperty property) throws SQLException {
        String text = value(property).trim().toLowerCase(Locale.ROOT);
        long unit = 1000;
        String number = text;
        if (text.endsWith("ms")) {
            unit = 1;
            number = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            number = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            unit = 60_000;
            number = text.substring(0, text.length() - 1);
        }
        try {
            long amount = Long.parseLong(number.trim());
            if (amount >= 0 && amount * unit <= Integer.MAX_VALUE) {
                return (int) (amount * unit);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(property.key + " must be a duration such as 30, 30s, 500ms or 2m (got \""
                + value(property) + "\")");
    }

    private static SQLException invalid(String message) {
        return SqlExceptions.of(SqlExceptions.UNABLE_TO_CONNECT, "invalid Gatehouse connection settings: " + message);
    }

    /** Never shows a token or password, whatever logs this. */
    @Override
    public String toString() {
        return "ConnectionSettings[" + redactedUrl + "]";
    }
}
