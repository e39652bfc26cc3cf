package no.varde.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.time.Instant;
import java.util.Collections;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestMetrics;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.TelemetryOutcome;
import no.varde.ingest.TelemetryProcessor;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device's MQTT connection: authorize the topic → process → acknowledge.
 * Acknowledgements leave in the order the PUBLISH packets arrived (MQTT 3.1.1 section 4.6), and
 * only once the message is durable; if it cannot be made durable the connection is closed
 * without an acknowledgement, so the device sends the message again.
 */
final class DeviceSession {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSession.class);

    private final MqttEndpoint endpoint;
    private final String deviceId;
    private final TelemetryProcessor processor;
    private final IngestMetrics metrics;
    private final boolean v5;
    /** Completes when the previous message has been acknowledged. */
    private Future<Void> ackTail = Future.succeededFuture();

    DeviceSession(MqttEndpoint endpoint, String deviceId, TelemetryProcessor processor, IngestMetrics metrics) {
        this.endpoint = endpoint;
        this.deviceId = deviceId;
        this.processor = processor;
        this.metrics = metrics;
        this.v5 = endpoint.protocolVersion() >= MqttCodes.MQTT_5;
    }

    void start() {
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(this::onPublish);
        // QoS 2, second half: the message was made durable before PUBREC, so PUBREL just completes.
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(subscribe -> {
            // Devices only publish for now; refuse subscriptions explicitly instead of ignoring them.
            if (v5) {
                endpoint.subscribeAcknowledge(subscribe.messageId(), Collections.nCopies(
                        subscribe.topicSubscriptions().size(), MqttSubAckReasonCode.NOT_AUTHORIZED),
                        MqttCodes.reasonString("devices may not subscribe"));
            } else {
                endpoint.subscribeAcknowledge(subscribe.messageId(),
                        Collections.nCopies(subscribe.topicSubscriptions().size(), MqttQoS.FAILURE));
            }
        });
        endpoint.exceptionHandler(e -> LOG.debug("MQTT connection of {} failed: {}", deviceId, e.getMessage()));
        endpoint.closeHandler(v -> metrics.connectionClosed());
    }

    private void onPublish(MqttPublishMessage message) {
        Instant receivedAt = Instant.now();
        byte[] payload = message.payload().getBytes();
        String topic = message.topicName();
        Future<TelemetryOutcome> outcome;
        if (TelemetryTopic.isTelemetryOf(topic, deviceId)) {
            outcome = processor.process(deviceId, topic, payload, receivedAt);
        } else {
            outcome = processor.refuse(deviceId, topic, payload, receivedAt, IngestStatus.NOT_AUTHORIZED,
                    Rejection.ofMessage(RejectReason.TOPIC_NOT_AUTHORIZED,
                            "device " + deviceId + " may publish only on " + TelemetryTopic.of(deviceId)));
        }
        acknowledgeInOrder(message, outcome);
    }

    private void acknowledgeInOrder(MqttPublishMessage message, Future<TelemetryOutcome> outcome) {
        Promise<Void> acknowledged = Promise.promise();
        Future<Void> previous = ackTail;
        ackTail = acknowledged.future();
        previous.onComplete(p -> outcome.onComplete(result -> {
            if (result.succeeded()) {
                acknowledge(message, result.result());
            } else {
                onNotDurable(message, result.cause());
            }
            acknowledged.complete();
        }));
    }

    private void acknowledge(MqttPublishMessage message, TelemetryOutcome outcome) {
        if (!outcome.ok() && outcome.status() == IngestStatus.NOT_AUTHORIZED && !v5) {
            // MQTT 3.1.1 has no negative PUBACK: the server's only answer is to close the connection.
            endpoint.close();
            return;
        }
        int id = message.messageId();
        switch (message.qosLevel()) {
            case AT_LEAST_ONCE -> {
                if (v5) {
                    endpoint.publishAcknowledge(id, MqttCodes.puback(outcome.status()), MqttCodes.reasonString(outcome.summary()));
                } else {
                    endpoint.publishAcknowledge(id);
                }
            }
            case EXACTLY_ONCE -> {
                if (v5) {
                    endpoint.publishReceived(id, MqttCodes.pubrec(outcome.status()), MqttCodes.reasonString(outcome.summary()));
                } else {
                    endpoint.publishReceived(id);
                }
            }
            default -> {
                // QoS 0: nothing to acknowledge.
            }
        }
    }

    private void onNotDurable(MqttPublishMessage message, Throwable cause) {
        IngestStatus status = cause instanceof IngestException ie ? ie.status() : IngestStatus.UNAVAILABLE;
        LOG.warn("Message {} from device {} not made durable ({}: {}); closing the connection so it is resent",
                message.messageId(), deviceId, status, cause.getMessage());
        endpoint.close();
    }

}
