package dev.gatehouse.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A token kept in a file and replaced under a running application, as Kubernetes does with
 * projected service-account tokens (an atomic symlink swap) and as other tools do by rewriting
 * the file.
 *
 * <p>Before each call the file's attributes are compared with those of the last read (one {@code
 * stat}, no read); the file is read again only when its modification time, size or identity
 * changed, or after the sidecar refused the token. A file found empty or unreadable while a
 * token is already known keeps the known token and is looked at again on the next call: a writer
 * may be half-way through, and the sidecar judges the token anyway.
 */
final class TokenFile implements TokenSource {
    private final Path path;
    private Stamp stamp;
    private String token;

    private TokenFile(Path path) {
        this.path = path;
    }

    /** Reads the file now, so that a missing or empty file fails the connect with its reason. */
    static TokenFile open(Path path) throws SQLException {
        TokenFile file = new TokenFile(path);
        file.token();
        return file;
    }

    @Override
    public synchronized String token() throws SQLException {
        Stamp now;
        try {
            now = Stamp.of(Files.readAttributes(path, BasicFileAttributes.class));
        } catch (IOException e) {
            return keepOrFail("cannot read token_file " + path + ": " + e, e);
        }
        if (now.equals(stamp) && token != null) {
            return token;
        }
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return keepOrFail("cannot read token_file " + path + ": " + e, e);
        }
        if (content.isBlank()) {
            return keepOrFail("token_file " + path + " is empty", null);
        }
        token = TokenSource.clean(content, "token_file " + path);
        stamp = now;
        return token;
    }

    private String keepOrFail(String message, Exception cause) throws SQLException {
        stamp = null;
        if (token != null) {
            return token;
        }
        throw SqlExceptions.of(SqlExceptions.INVALID_AUTHORIZATION, message, cause);
    }

    @Override
    public synchronized void refused() {
        stamp = null;
    }

    @Override
    public String origin() {
        return "token_file " + path;
    }

    @Override
    public String toString() {
        return "TokenFile[" + path + "]";
    }

    /** What tells a rewritten or swapped file from the one last read. */
    private record Stamp(long modifiedNanos, long size, Object fileKey) {
        static Stamp of(BasicFileAttributes attributes) {
            return new Stamp(
                    attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                    attributes.size(),
                    attributes.fileKey());
        }
    }
}
