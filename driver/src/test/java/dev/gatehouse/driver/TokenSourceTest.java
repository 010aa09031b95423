package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenSourceTest {
    private static final String JWT_A = "aaa.bbb.ccc";
    private static final String JWT_B = "ddd.eee.fff";
    private static final String JWT_C = "ggg.hhh.iii";
    private static final String JWT_D = "jjj.kkk.lll";
    private static final UnaryOperator<String> NO_ENVIRONMENT = name -> null;

    @TempDir
    Path directory;

    private static TokenSource resolve(Map<String, String> values, UnaryOperator<String> environment)
            throws SQLException {
        Properties properties = new Properties();
        properties.putAll(values);
        return TokenSource.resolve(ConnectionSettings.parse("jdbc:gatehouse://h/d", properties), environment);
    }

    private Path tokenFile(String content) throws IOException {
        Path file = directory.resolve("token");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void tokenPropertyWinsOverEverythingElse() throws Exception {
        Path file = tokenFile(JWT_B);
        TokenSource source = resolve(Map.of("token", JWT_A, "token_file", file.toString(), "password", JWT_C),
                name -> JWT_D);
        assertEquals(JWT_A, source.token());
        assertEquals("the token property", source.origin());
    }

    @Test
    void tokenFileComesSecond() throws Exception {
        Path file = tokenFile(JWT_B + "\n");
        TokenSource source = resolve(Map.of("token_file", file.toString(), "password", JWT_C), name -> JWT_D);
        assertEquals(JWT_B, source.token());
    }

    @Test
    void passwordHoldingAJwtComesThird() throws Exception {
        TokenSource source = resolve(Map.of("user", "ignored", "password", JWT_C), name -> JWT_D);
        assertEquals(JWT_C, source.token());
    }

    @Test
    void environmentVariableComesLast() throws Exception {
        TokenSource source = resolve(Map.of(), name -> name.equals("GATEHOUSE_TOKEN") ? JWT_D : null);
        assertEquals(JWT_D, source.token());
    }

    @Test
    void blankTokenPropertyFallsThroughToTheNextSource() throws Exception {
        assertEquals(JWT_D, resolve(Map.of("token", "  "), name -> JWT_D).token());
    }

    @Test
    void databasePasswordIsRefusedEvenWhenATokenIsGiven() {
        SQLException e = assertThrows(SQLException.class,
                () -> resolve(Map.of("token", JWT_A, "password", "hunter2"), NO_ENVIRONMENT));
        assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains("never accepts a database password"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void missingTokenListsAllFourSources() {
        SQLException e = assertThrows(SQLException.class, () -> resolve(Map.of(), NO_ENVIRONMENT));
        assertEquals("28000", e.getSQLState());
        for (String source : new String[] {"'token'", "'token_file'", "'password'", "GATEHOUSE_TOKEN"}) {
            assertTrue(e.getMessage().contains(source), "names " + source + ": " + e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b.c", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-_nature", "A-_.B9.c"})
    void recognisesJwts(String text) {
        assertTrue(TokenSource.looksLikeJwt(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "secret", "a.b", "a.b.c.d", "a..c", ".b.c", "a.b.", "a.b.c=", "a b.c.d", "pa$$.wo.rd"})
    void rejectsWhatIsNotAJwt(String text) {
        assertFalse(TokenSource.looksLikeJwt(text));
    }

    @Test
    void stripsBearerPrefixAndWhitespace() throws SQLException {
        assertEquals(JWT_A, TokenSource.clean("  Bearer " + JWT_A + "\n", "test"));
    }

    @Test
    void refusesTokenWithInnerWhitespaceWithoutEchoingIt() {
        SQLException e = assertThrows(SQLException.class,
                () -> TokenSource.clean("abc.def\r\nX-Injected: 1", "test"));
        assertEquals("28000", e.getSQLState());
        assertFalse(e.getMessage().contains("abc.def"));
    }

    @Test
    void tokenFileIsReReadWhenItChanges() throws Exception {
        Path file = tokenFile(JWT_A);
        TokenSource source = resolve(Map.of("token_file", file.toString()), NO_ENVIRONMENT);
        assertEquals(JWT_A, source.token());
        Files.writeString(file, JWT_B);
        // same length: only the modification time tells; set it explicitly so coarse clocks cannot hide it
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(JWT_B, source.token());
    }

    @Test
    void tokenFileSwappedAtomicallyLikeKubernetesIsPickedUp() throws Exception {
        Path file = tokenFile(JWT_A);
        TokenSource source = resolve(Map.of("token_file", file.toString()), NO_ENVIRONMENT);
        assertEquals(JWT_A, source.token());
        Path replacement = directory.resolve("token.new");
        Files.writeString(replacement, JWT_B);
        Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(file));
        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(JWT_B, source.token(), "a new inode with the same time and size is still a new file");
    }

    @Test
    void unchangedTokenFileIsNotReadAgain() throws Exception {
        Path file = tokenFile(JWT_A);
        TokenSource source = resolve(Map.of("token_file", file.toString()), NO_ENVIRONMENT);
        FileTime time = Files.getLastModifiedTime(file);
        // Rewrite in place keeping size and time: a cheap check cannot see it, and must not read the file.
        Files.writeString(file, JWT_B);
        Files.setLastModifiedTime(file, time);
        assertEquals(JWT_A, source.token());
        // After the sidecar refuses the token, the file is read again whatever its attributes say.
        source.refused();
        assertEquals(JWT_B, source.token());
    }

    @Test
    void emptyOrMissingTokenFileKeepsTheKnownTokenUntilRewritten() throws Exception {
        Path file = tokenFile(JWT_A);
        TokenSource source = resolve(Map.of("token_file", file.toString()), NO_ENVIRONMENT);
        Files.writeString(file, "");
        assertEquals(JWT_A, source.token(), "a writer may be half-way through");
        Files.delete(file);
        assertEquals(JWT_A, source.token());
        Files.writeString(file, JWT_C);
        assertEquals(JWT_C, source.token());
    }

    @Test
    void missingTokenFileAtConnectIs28000NamingThePath() {
        Path missing = directory.resolve("nope");
        SQLException e = assertThrows(SQLException.class,
                () -> resolve(Map.of("token_file", missing.toString()), NO_ENVIRONMENT));
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void emptyTokenFileAtConnectIs28000() throws Exception {
        Path file = tokenFile("\n");
        SQLException e = assertThrows(SQLException.class,
                () -> resolve(Map.of("token_file", file.toString()), NO_ENVIRONMENT));
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void sourcesNeverPrintTheirToken() throws Exception {
        TokenSource fixed = resolve(Map.of("token", JWT_A), NO_ENVIRONMENT);
        assertFalse(fixed.toString().contains(JWT_A));
        Path file = tokenFile(JWT_B);
        TokenSource fromFile = resolve(Map.of("token_file", file.toString()), NO_ENVIRONMENT);
        assertFalse(fromFile.toString().contains(JWT_B));
    }
}
