package no.varde.platform;

import no.varde.ingest.TlsSettings;
import picocli.CommandLine.Option;

/** The TLS command-line options shared by {@code run} and {@code ingest} (a picocli mixin). */
final class TlsOptions {
    @Option(names = "--tls-cert", defaultValue = "${env:VARDE_TLS_CERT}", description = "PEM certificate (chain) for MQTT over TLS (env VARDE_TLS_CERT).")
    String cert;

    @Option(names = "--tls-key", defaultValue = "${env:VARDE_TLS_KEY}", description = "PEM private key for MQTT over TLS (env VARDE_TLS_KEY).")
    String key;

    @Option(names = "--tls-client-ca", defaultValue = "${env:VARDE_TLS_CLIENT_CA}",
            description = "PEM CA whose client certificates (CN = device id) authenticate devices (env VARDE_TLS_CLIENT_CA).")
    String clientCa;

    /**
     * @param selfSignedWhenNoCertificate development mode: without a certificate, make a self-signed one
     * @return null when TLS stays off (port 0, or no certificate outside development mode)
     */
    TlsSettings settings(int port, boolean selfSignedWhenNoCertificate) {
        if (port <= 0) {
            return null;
        }
        boolean haveCertificate = cert != null && !cert.isBlank() && key != null && !key.isBlank();
        if (!haveCertificate && !selfSignedWhenNoCertificate) {
            return null;
        }
        TlsSettings settings = haveCertificate ? new TlsSettings(port, cert, key, false, null) : TlsSettings.selfSigned(port);
        return clientCa == null || clientCa.isBlank() ? settings : settings.withClientCa(clientCa);
    }
}
