package no.varde.platform;

import no.varde.ingest.TlsSettings;

/** Turns the TLS command-line options into settings. */
final class TlsOptions {
    private TlsOptions() {
    }

    /**
     * @param selfSignedWhenNoCertificate development mode: without a certificate, make a self-signed one
     * @return null when TLS stays off (port 0, or no certificate outside development mode)
     */
    static TlsSettings settings(int port, String cert, String key, String clientCa, boolean selfSignedWhenNoCertificate) {
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
