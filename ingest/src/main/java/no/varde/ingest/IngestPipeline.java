package no.varde.ingest;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import no.varde.ingest.auth.DeviceAuthenticator;
import no.varde.ingest.auth.TopicAuthorizer;
import no.varde.ingest.mqtt.PublishTopic;
import no.varde.model.senml.SenmlPack;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;

/**
 * What every protocol adapter does with a message once its sender is authenticated:
 * rate limit → authorize the topic → process (decode, validate, durable hand-off). Refusals at
 * any step are counted, logged and dead-lettered the same way for MQTT and HTTP.
 */
public final class IngestPipeline {
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final DeviceAuthenticator authenticator;
    private final TopicAuthorizer authorizer;
    private final RateLimiter limiter;
    private final TelemetryProcessor processor;
    private final DeviceStatusReporter status;
    private final IngestMetrics metrics;

    public IngestPipeline(DeviceAuthenticator authenticator, TopicAuthorizer authorizer, RateLimiter limiter,
                          TelemetryProcessor processor, DeviceStatusReporter status, IngestMetrics metrics) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.limiter = limiter;
        this.processor = processor;
        this.status = status;
        this.metrics = metrics;
    }

    public DeviceAuthenticator authenticator() {
        return authenticator;
    }

    public DeviceStatusReporter status() {
        return status;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    /** A telemetry message from {@code senderId} on {@code topicName}. */
    public Future<TelemetryOutcome> telemetry(String senderId, String topicName, PublishTopic topic, byte[] payload,
                                              Instant receivedAt) {
        metrics.messageReceived();
        if (!limiter.tryAcquire(senderId)) {
            return processor.refuse(senderId, topicName, payload, receivedAt, IngestStatus.QUOTA_EXCEEDED,
                    Rejection.ofMessage(RejectReason.RATE_LIMITED, "more messages than the rate limit of " + senderId + " allows"));
        }
        return authorizer.authorize(senderId, topic).compose(
                authorized -> {
                    status.seen(senderId);
                    return processor.process(topic.deviceId(), topicName, payload, receivedAt);
                },
                refused -> refused instanceof IngestException e && e.status() == IngestStatus.NOT_AUTHORIZED
                        ? processor.refuse(senderId, topicName, payload, receivedAt, IngestStatus.NOT_AUTHORIZED,
                                Rejection.ofMessage(RejectReason.TOPIC_NOT_AUTHORIZED, e.getMessage()))
                        : Future.failedFuture(refused));
    }

    /**
     * An uplink a network-server integration decoded for a device it found by DevEUI: rate limited
     * and validated like the device's own messages, kept as {@code body} when rejected.
     */
    public Future<TelemetryOutcome> integrationUplink(String deviceId, String where, byte[] body, Instant receivedAt,
                                                      SenmlPack records) {
        metrics.messageReceived();
        if (!limiter.tryAcquire(deviceId)) {
            return processor.refuse(deviceId, where, body, receivedAt, IngestStatus.QUOTA_EXCEEDED,
                    Rejection.ofMessage(RejectReason.RATE_LIMITED, "more messages than the rate limit of " + deviceId + " allows"));
        }
        status.seen(deviceId);
        return processor.processDecoded(deviceId, where, body, receivedAt, records);
    }

    /** A message on a topic that is not one of Varde's. */
    public Future<TelemetryOutcome> unknownTopic(String senderId, String topicName, byte[] payload, Instant receivedAt) {
        metrics.messageReceived();
        return processor.refuse(senderId, topicName, payload, receivedAt, IngestStatus.NOT_AUTHORIZED,
                Rejection.ofMessage(RejectReason.TOPIC_NOT_AUTHORIZED, "devices publish only on "
                        + PublishTopic.telemetryOf(senderId) + ", " + PublishTopic.statusOf(senderId)
                        + " or, for gateways, gateways/{gateway}/sensors/{device}/telemetry"));
    }

    /** A refused CONNECT or HTTP request: kept as an audit trail of failed log-ins (never with the secret). */
    public Future<TelemetryOutcome> refusedCredentials(String claimedId, String where, IngestException cause) {
        RejectReason reason = cause.status() == IngestStatus.BAD_CREDENTIALS ? RejectReason.BAD_CREDENTIALS : RejectReason.MALFORMED_PAYLOAD;
        return processor.refuse(claimedId == null ? "(none)" : claimedId, where, NO_PAYLOAD, Instant.now(), cause.status(),
                Rejection.ofMessage(reason, cause.getMessage()));
    }

    /** Any other refusal of a whole message (e.g. an integration's request for an unknown device). */
    public Future<TelemetryOutcome> refuse(String senderId, String where, byte[] payload, IngestStatus status, Rejection rejection) {
        metrics.messageReceived();
        return processor.refuse(senderId, where, payload, Instant.now(), status, rejection);
    }

    public Future<TelemetryOutcome> refusedSubscription(String senderId, List<String> filters) {
        return processor.refuse(senderId, "(subscribe) " + String.join(", ", filters), NO_PAYLOAD, Instant.now(),
                IngestStatus.NOT_AUTHORIZED, Rejection.ofMessage(RejectReason.SUBSCRIBE_REFUSED, "devices may not subscribe"));
    }
}
