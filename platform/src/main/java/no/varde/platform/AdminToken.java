package no.varde.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import no.varde.storage.TokenHasher;

/**
 * The admin API's bearer token: the configured one, or a fresh random one written to a file only
 * the owner can read (never printed or logged), for {@code bin/varde devices}.
 */
final class AdminToken {
    private AdminToken() {
    }

    static String resolve(String configured, Path file) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String token = TokenHasher.newToken();
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        return token;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
