package no.varde.ingest.mqtt;

import static no.varde.ingest.IngestTestBed.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestTestBed;
import no.varde.ingest.TlsSettings;
import no.varde.model.DeviceKind;
import no.varde.storage.Device;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener (development self-signed pair) with token and client-certificate authentication. */
class MqttTlsTest {
    private static final char[] PASS = "changeit".toCharArray();
    @TempDir
    static Path dir;
    private static IngestTestBed bed;

    @BeforeAll
    static void start() throws Exception {
        clientCertificate("tls-cert-dev");
        clientCertificate("tls-stranger");
        // The server trusts both client certificates as issuers (stand-ins for a municipality's device CA).
        Path trusted = dir.resolve("client-ca.pem");
        Files.writeString(trusted, Files.readString(dir.resolve("tls-cert-dev.pem")) + Files.readString(dir.resolve("tls-stranger.pem")));
        bed = IngestTestBed.start(IngestConfig.defaults("127.0.0.1", 0).withTls(TlsSettings.selfSigned(0).withClientCa(trusted.toString())));
        bed.register(Device.of("tls-cert-dev", DeviceKind.WATER, "Nord"));
    }

    @AfterAll
    static void stop() throws Exception {
        bed.close();
    }

    /** A key pair and self-signed certificate with CN = id, made with the JDK's keytool. */
    private static void clientCertificate(String id) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "dev", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + id,
                "-validity", "2", "-keystore", dir.resolve(id + ".p12").toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit"));
        run(List.of(keytool, "-exportcert", "-alias", "dev", "-keystore", dir.resolve(id + ".p12").toString(),
                "-storepass", "changeit", "-rfc", "-file", dir.resolve(id + ".pem").toString()));
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    private static SSLContext sslContext(String clientKeyStore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(bed.ingest.selfSignedCertificatePath()))) {
            trust.setCertificateEntry("varde", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientKeyStore != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(clientKeyStore + ".p12"))) {
                keys.load(in, PASS);
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASS);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static MqttClient connect(String user, String password, String clientKeyStore) throws Exception {
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + bed.ingest.mqttTlsPort(), "tls-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(sslContext(clientKeyStore).getSocketFactory());
        // The development certificate is issued to "localhost"; the test connects to 127.0.0.1.
        options.setHttpsHostnameVerificationEnabled(false);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        client.connect(options);
        return client;
    }

    @Test
    void tokenAuthenticationOverTls() throws Exception {
        String token = bed.register(Device.of("tls-token-dev", DeviceKind.AIR, null));
        MqttClient client = connect("tls-token-dev", token, null);
        client.publish(PublishTopic.telemetryOf("tls-token-dev"), bytes("[{\"n\":\"air.o3\",\"v\":44}]"), 1, false);
        client.disconnect();
        assertThat(bed.awaitReading(r -> r.deviceId().equals("tls-token-dev") && r.value() == 44.0)).isPresent();
    }

    @Test
    void clientCertificateAuthenticatesWithoutAPassword() throws Exception {
        MqttClient client = connect(null, null, "tls-cert-dev");
        client.publish(PublishTopic.telemetryOf("tls-cert-dev"), bytes("[{\"n\":\"water.ph\",\"v\":7.77}]"), 1, false);
        client.disconnect();
        assertThat(bed.awaitReading(r -> r.deviceId().equals("tls-cert-dev") && r.value() == 7.77)).isPresent();
    }

    @Test
    void aTrustedCertificateOfAnUnregisteredDeviceIsRefused() {
        assertThatThrownBy(() -> connect(null, null, "tls-stranger"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    }
}
