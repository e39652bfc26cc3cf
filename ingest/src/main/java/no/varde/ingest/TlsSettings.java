package no.varde.ingest;

/**
 * The MQTT TLS listener. Either PEM files ({@code certPath}, {@code keyPath}) or, for development,
 * {@code selfSigned} (a fresh self-signed pair for "localhost" at every start). With
 * {@code clientCaPath}, devices may authenticate with a client certificate issued by that CA;
 * its subject CN is the device id.
 */
public record TlsSettings(int port, String certPath, String keyPath, boolean selfSigned, String clientCaPath) {
    public TlsSettings {
        if (!selfSigned && (certPath == null || keyPath == null)) {
            throw new IllegalArgumentException("TLS needs a certificate and key (PEM), or self-signed development mode");
        }
    }

    public static TlsSettings selfSigned(int port) {
        return new TlsSettings(port, null, null, true, null);
    }

    public TlsSettings withClientCa(String caPath) {
        return new TlsSettings(port, certPath, keyPath, selfSigned, caPath);
    }
}
