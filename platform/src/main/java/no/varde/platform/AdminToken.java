package no.varde.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the admin API's bearer token from the file the platform keeps it in (see
 * {@link DataDirectorySecrets#adminToken}), for {@code bin/varde devices} and {@code simulate}.
 */
final class AdminToken {
    private AdminToken() {
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
