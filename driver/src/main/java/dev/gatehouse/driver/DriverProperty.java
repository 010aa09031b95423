package dev.gatehouse.driver;

import java.util.HashMap;
import java.util.Map;

/**
 * Every key the driver understands, in the URL query or in the connection {@link
 * java.util.Properties}. Anything else is refused by name: a misspelt {@code tokn_file} must not
 * quietly fall back to another token source (SPEC §2; README table).
 */
enum DriverProperty {
    TOKEN("token", null, "OIDC token (JWT) presented to the sidecar; first of the token sources."),
    TOKEN_FILE("token_file", null,
            "File holding the token, re-read when it changes (Kubernetes projected tokens)."),
    SOCKET("socket", null, "Unix domain socket of the sidecar; HOST:PORT is then ignored."),
    CONNECT_TIMEOUT("connect_timeout", "10s",
            "How long to wait for the sidecar to open the session (e.g. 10s, 500ms, 2m; 0 = no limit)."),
    NETWORK_TIMEOUT("network_timeout", "0",
            "Initial Connection.setNetworkTimeout: longest wait for any reply from the sidecar (0 = no limit)."),
    QUERY_TIMEOUT("query_timeout", "0",
            "Default Statement.setQueryTimeout for statements of this connection (0 = none)."),
    FETCH_SIZE("fetch_size", "0",
            "Default rows per streamed batch (Statement.setFetchSize); 0 lets the sidecar choose."),
    READ_ONLY("read_only", null, "Open the session read-only (true/false)."),
    APPLICATION_NAME("application_name", null,
            "Sent as client info ApplicationName and recorded in the audit log."),
    USER("user", null, "Accepted for tools that always send it and ignored: the token names the principal."),
    PASSWORD("password", null,
            "Only for tools with user/password fields: it must hold a JWT. A database password is refused.");

    private static final Map<String, DriverProperty> BY_KEY = new HashMap<>();

    static {
        for (DriverProperty property : values()) {
            BY_KEY.put(property.key, property);
        }
    }

    final String key;
    final String defaultValue;
    final String description;

    DriverProperty(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The property with that key, or null when the driver does not know it. */
    static DriverProperty forKey(String key) {
        return BY_KEY.get(key);
    }

    /** Values never shown back: not in messages, not in getPropertyInfo, not in getURL. */
    boolean isSecret() {
        return this == TOKEN || this == PASSWORD;
    }
}
