package no.varde.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestPipeline;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.TlsSettings;
import no.varde.ingest.auth.DeviceCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Varde's MQTT endpoint. Each connection goes connect → extract credentials → authenticate →
 * accept, then every PUBLISH goes authorize → decode → validate → durable hand-off → acknowledge
 * ({@link DeviceSession}).
 */
public final class MqttIngestVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestVerticle.class);

    /** QoS 1/2 messages an MQTT 5 client may have in flight; bounds what one connection can queue in ingest. */
    static final int RECEIVE_MAXIMUM = 100;

    private final IngestConfig config;
    private final IngestPipeline pipeline;
    private MqttServer server;
    private MqttServer tlsServer;
    private SelfSignedCertificate selfSigned;

    public MqttIngestVerticle(IngestConfig config, IngestPipeline pipeline) {
        this.config = config;
        this.pipeline = pipeline;
    }

    @Override
    public Future<?> start() {
        MqttServerOptions options = new MqttServerOptions()
                .setHost(config.mqttHost())
                .setPort(config.mqttPort())
                // Let oversized payloads through the decoder (up to a hard cap) so they are
                // rejected with a reason and kept as dead letters instead of dropping the link.
                .setMaxMessageSize(Math.max(4 * config.maxPayloadBytes(), 256 * 1024))
                .setTimeoutOnConnect(30);
        server = MqttServer.create(vertx, options).endpointHandler(this::onConnect);
        Future<?> plain = server.listen().onSuccess(s -> LOG.info("MQTT ingest listening on {}:{}", config.mqttHost(), s.actualPort()));
        if (config.tls() == null) {
            return plain;
        }
        TlsSettings tls = config.tls();
        MqttServerOptions tlsOptions = new MqttServerOptions(options).setPort(tls.port());
        tlsOptions.setSsl(true);
        if (tls.selfSigned()) {
            selfSigned = SelfSignedCertificate.create("localhost");
            tlsOptions.setKeyCertOptions(selfSigned.keyCertOptions());
        } else {
            tlsOptions.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()));
        }
        if (tls.clientCaPath() != null) {
            tlsOptions.setClientAuth(ClientAuth.REQUEST);
            tlsOptions.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCaPath()));
        }
        tlsServer = MqttServer.create(vertx, tlsOptions).endpointHandler(this::onConnect);
        return plain.compose(p -> tlsServer.listen()).onSuccess(s -> LOG.info("MQTT ingest (TLS{}) listening on {}:{}",
                tls.clientCaPath() == null ? "" : ", client certificates", config.mqttHost(), s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        Future<Void> plain = server == null ? Future.succeededFuture() : server.close();
        Future<Void> secure = tlsServer == null ? Future.succeededFuture() : tlsServer.close();
        return Future.all(plain, secure).onComplete(done -> {
            if (selfSigned != null) {
                selfSigned.delete();
            }
        });
    }

    /** The TLS port actually bound, or -1 without TLS. */
    public int actualTlsPort() {
        return tlsServer == null ? -1 : tlsServer.actualPort();
    }

    /** The development certificate (PEM) clients should trust, when self-signed. */
    public String selfSignedCertificatePath() {
        return selfSigned == null ? null : selfSigned.certificatePath();
    }

    /** The port actually bound (useful when configured with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private void onConnect(MqttEndpoint endpoint) {
        String certificateName = ClientCertificates.commonName(endpoint);
        Future<String> authenticated = certificateName != null
                ? pipeline.authenticator().authenticateCertificate(certificateName)
                : Future.succeededFuture(endpoint)
                        .map(e -> DeviceCredentials.fromMqtt(e.auth()))
                        .compose(pipeline.authenticator()::authenticate);
        authenticated
                .onSuccess(deviceId -> accept(endpoint, deviceId))
                .onFailure(error -> refuse(endpoint, error));
    }

    private void accept(MqttEndpoint endpoint, String deviceId) {
        new DeviceSession(endpoint, deviceId, pipeline).start();
        if (endpoint.protocolVersion() >= MqttCodes.MQTT_5) {
            // MQTT 5 flow control: a client may have at most this many QoS 1/2 messages unacknowledged.
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), RECEIVE_MAXIMUM));
            endpoint.accept(false, properties);
        } else {
            endpoint.accept(false);
        }
        pipeline.metrics().connectionAccepted();
        LOG.debug("Device {} connected (MQTT protocol level {})", deviceId, endpoint.protocolVersion());
    }

    private void refuse(MqttEndpoint endpoint, Throwable error) {
        IngestException refusal = error instanceof IngestException ie ? ie
                : new IngestException(IngestStatus.UNAVAILABLE, "cannot authenticate now", error);
        pipeline.metrics().connectionRefused();
        String who = endpoint.auth() == null ? null : endpoint.auth().getUsername();
        String from = String.valueOf(endpoint.remoteAddress());
        LOG.info("Refused MQTT connection of {} from {}: {}", who, from, refusal.getMessage());
        if (refusal.status() != IngestStatus.UNAVAILABLE) {
            pipeline.refusedCredentials(who, "(mqtt connect from " + from + ")", refusal);
        }
        endpoint.reject(MqttCodes.connack(refusal.status(), endpoint.protocolVersion()));
    }
}
