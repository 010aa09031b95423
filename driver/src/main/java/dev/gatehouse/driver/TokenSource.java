package dev.gatehouse.driver;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where a connection's token comes from. It is asked before every call, because the sidecar
 * checks the token on every call and a {@code token_file} may be rotated under a live connection
 * (SPEC §2).
 */
sealed interface TokenSource permits FixedToken, TokenFile {
    String ENVIRONMENT_VARIABLE = "GATEHOUSE_TOKEN";

    /** The token to send now, without "Bearer ". */
    String token() throws SQLException;

    /** The sidecar refused the token: look again at the source before the next call. */
    void refused();

    /** Where the token came from, for messages (never the token itself). */
    String origin();

    /**
     * Finds the token, first found wins: {@code token}, {@code token_file}, {@code password} when
     * it holds a JWT, then {@code GATEHOUSE_TOKEN}. A {@code password} that is not a JWT is
     * refused whatever else is given: the driver never takes a database password.
     */
    static TokenSource resolve(ConnectionSettings settings, UnaryOperator<String> environment)
            throws SQLException {
        String password = settings.value(DriverProperty.PASSWORD);
        boolean passwordGiven = password != null && !password.isBlank();
        if (passwordGiven && !looksLikeJwt(password.trim())) {
            throw SqlExceptions.of(SqlExceptions.INVALID_AUTHORIZATION,
                    "the Gatehouse driver never accepts a database password: the sidecar holds the "
                            + "database credential. The password property must be empty or hold an OIDC "
                            + "token (a JWT of three base64url segments); " + SOURCES);
        }
        String token = settings.value(DriverProperty.TOKEN);
        if (token != null && !token.isBlank()) {
            return new FixedToken(clean(token, "the token property"), "the token property");
        }
        String tokenFile = settings.value(DriverProperty.TOKEN_FILE);
        if (tokenFile != null) {
            return TokenFile.open(Path.of(tokenFile));
        }
        if (passwordGiven) {
            return new FixedToken(clean(password, "the password property"), "the password property");
        }
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            String origin = "the " + ENVIRONMENT_VARIABLE + " environment variable";
            return new FixedToken(clean(fromEnvironment, origin), origin);
        }
        throw SqlExceptions.of(SqlExceptions.INVALID_AUTHORIZATION,
                "no token for the Gatehouse sidecar; " + SOURCES);
    }

    String SOURCES = "give an OIDC token (JWT) through one of: the 'token' property or URL key, "
            + "'token_file' (a file holding the token), the 'password' property holding the JWT, "
            + "or the " + ENVIRONMENT_VARIABLE + " environment variable";

    /** Three non-empty base64url segments separated by dots, as a compact JWS is. */
    static boolean looksLikeJwt(String text) {
        int segments = 1;
        int segmentLength = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (segmentLength == 0) {
                    return false;
                }
                segments++;
                segmentLength = 0;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_') {
                segmentLength++;
            } else {
                return false;
            }
        }
        return segments == 3 && segmentLength > 0;
    }

    /**
     * Trims the token (files end with a newline) and drops a "Bearer " someone pasted with it. A
     * token with spaces or control characters inside is refused: it would be a broken header, or
     * an injected one.
     */
    static String clean(String raw, String origin) throws SQLException {
        String token = raw.strip();
        if (token.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            token = token.substring(7).strip();
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw SqlExceptions.of(SqlExceptions.INVALID_AUTHORIZATION,
                        "the token from " + origin + " contains spaces, control or non-ASCII characters; "
                                + "a token is one word of printable ASCII");
            }
        }
        if (token.isEmpty()) {
            throw SqlExceptions.of(SqlExceptions.INVALID_AUTHORIZATION, "the token from " + origin + " is empty");
        }
        return token;
    }
}
