package no.varde.platform;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import no.varde.ingest.TlsSettings;
import no.varde.storage.TokenHasher;

/**
 * The secrets a one-node install makes for itself the first time and must find again after every
 * restart: the admin token (or the operator's tools stop working), the alerting secret (or the
 * residents' sealed phone numbers no longer open) and the development TLS pair (or every device
 * that pinned the certificate stops connecting). Each is a file only the owner can read, never
 * printed or logged, written whole or not at all.
 */
final class DataDirectorySecrets {
    private DataDirectorySecrets() {
    }

    /** The token in {@code file}, made and written there the first time. */
    static String token(Path file, java.util.function.Supplier<String> make) throws IOException {
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        String token = make.get();
        writePrivate(file, token + "\n");
        return token;
    }

    /** The admin API's bearer token: the configured one, or the one kept in {@code file}. */
    static String adminToken(String configured, Path file) throws IOException {
        return configured != null && !configured.isBlank() ? configured : token(file, TokenHasher::newToken);
    }

    /** The alerting secret (seals residents' addresses, signs links): the configured one, or the one kept in {@code file}. */
    static String alertingSecret(String configured, Path file) throws IOException {
        return configured != null && !configured.isBlank() ? configured : token(file, () -> TokenHasher.newToken() + TokenHasher.newToken());
    }

    /**
     * A self-signed development pair for "localhost", made once in {@code dir} and reused, so
     * devices that trust the development certificate keep trusting it across restarts.
     */
    static TlsSettings developmentTls(TlsSettings tls, Path dir) throws IOException {
        if (tls == null || !tls.selfSigned()) {
            return tls;
        }
        Path cert = dir.resolve("dev-cert.pem");
        Path key = dir.resolve("dev-key.pem");
        if (!Files.exists(cert) || !Files.exists(key)) {
            Files.createDirectories(dir);
            SelfSignedCertificate made = SelfSignedCertificate.create("localhost");
            try {
                writePrivate(key, Files.readString(Path.of(made.privateKeyPath()), StandardCharsets.UTF_8));
                writePrivate(cert, Files.readString(Path.of(made.certificatePath()), StandardCharsets.UTF_8));
            } finally {
                made.delete();
            }
        }
        return new TlsSettings(tls.port(), cert.toString(), key.toString(), false, tls.clientCaPath());
    }

    static void writePrivate(Path file, String text) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
