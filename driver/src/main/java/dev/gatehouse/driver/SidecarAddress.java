package dev.gatehouse.driver;

/**
 * Where the sidecar listens: TCP host and port, or a Unix domain socket path (then host and port
 * are not used). It is also the key under which connections share one gRPC channel.
 */
record SidecarAddress(String host, int port, String socketPath) {
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 7433;

    static SidecarAddress tcp(String host, int port) {
        return new SidecarAddress(host, port, null);
    }

    static SidecarAddress unixSocket(String path) {
        return new SidecarAddress(null, 0, path);
    }

    boolean isUnixSocket() {
        return socketPath != null;
    }

    /** For messages: {@code 127.0.0.1:7433}, {@code [::1]:7433} or {@code unix:/run/gatehouse.sock}. */
    String describe() {
        if (isUnixSocket()) {
            return "unix:" + socketPath;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
