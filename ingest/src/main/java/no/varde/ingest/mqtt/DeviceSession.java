package no.varde.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestPipeline;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.TelemetryOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device's (or gateway's) MQTT connection: parse the topic → pipeline
 * (rate limit, authorize, process) → acknowledge. Acknowledgements leave in the order the
 * PUBLISH packets arrived (MQTT 3.1.1 section 4.6), and only once the message is durable; if it
 * cannot be made durable the connection is closed without an acknowledgement, so the device
 * sends the message again.
 */
final class DeviceSession {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSession.class);

    private final MqttEndpoint endpoint;
    private final String senderId;
    private final IngestPipeline pipeline;
    private final boolean v5;
    /** Completes when the previous message has been acknowledged. */
    private Future<Void> ackTail = Future.succeededFuture();
    private boolean cleanDisconnect;
    /** Messages received and not yet acknowledged; reading pauses at the high mark, resumes at the low one. */
    private int inFlight;
    private boolean paused;
    private final io.vertx.core.net.NetSocket socket;

    DeviceSession(MqttEndpoint endpoint, String senderId, IngestPipeline pipeline) {
        this.endpoint = endpoint;
        this.senderId = senderId;
        this.pipeline = pipeline;
        this.v5 = endpoint.protocolVersion() >= MqttCodes.MQTT_5;
        this.socket = SocketFlowControl.socketOf(endpoint);
        if (socket != null && !FlushConsolidation.install(socket)) {
            LOG.debug("Acknowledgements to {} are flushed one by one: the socket's pipeline has no MQTT encoder", senderId);
        }
    }

    /** When Kafka is slow, stop reading from this device instead of queueing its messages without bound. */
    static final int PAUSE_AT = 2 * MqttIngestVerticle.RECEIVE_MAXIMUM;
    static final int RESUME_AT = MqttIngestVerticle.RECEIVE_MAXIMUM;

    private void messageArrived() {
        inFlight++;
        if (!paused && inFlight >= PAUSE_AT && socket != null) {
            paused = true;
            socket.pause();
            pipeline.metrics().readingPaused();
        }
    }

    private void messageDone() {
        inFlight--;
        if (paused && inFlight <= RESUME_AT) {
            paused = false;
            socket.resume();
        }
    }

    void start() {
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(this::onPublish);
        // QoS 2, second half: the message was made durable before PUBREC, so PUBREL just completes.
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(subscribe -> {
            pipeline.refusedSubscription(senderId, subscribe.topicSubscriptions().stream().map(MqttTopicSubscription::topicName).toList());
            int n = subscribe.topicSubscriptions().size();
            if (v5) {
                endpoint.subscribeAcknowledge(subscribe.messageId(), Collections.nCopies(n, MqttSubAckReasonCode.NOT_AUTHORIZED),
                        MqttCodes.reasonString("devices may not subscribe"));
            } else {
                endpoint.subscribeAcknowledge(subscribe.messageId(), Collections.nCopies(n, MqttQoS.FAILURE));
            }
        });
        endpoint.disconnectHandler(v -> cleanDisconnect = true);
        endpoint.exceptionHandler(e -> LOG.debug("MQTT connection of {} failed: {}", senderId, e.getMessage()));
        endpoint.closeHandler(v -> {
            pipeline.metrics().connectionClosed();
            byte[] will = !cleanDisconnect && endpoint.will() != null && endpoint.will().isWillFlag()
                    ? endpoint.will().getWillMessageBytes() : null;
            pipeline.status().offline(senderId, cleanDisconnect ? "disconnected" : "connection lost", will);
        });
        pipeline.status().online(senderId, v5 ? "mqtt5" : "mqtt3.1.1");
    }

    private void onPublish(MqttPublishMessage message) {
        messageArrived();
        Instant receivedAt = Instant.now();
        byte[] payload = message.payload().getBytes();
        String topicName = message.topicName();
        Optional<PublishTopic> topic = PublishTopic.parse(topicName);
        Future<TelemetryOutcome> outcome;
        if (topic.isEmpty()) {
            outcome = pipeline.unknownTopic(senderId, topicName, payload, receivedAt);
        } else if (topic.get().kind() == PublishTopic.Kind.STATUS && topic.get().deviceId().equals(senderId)) {
            outcome = pipeline.status().reported(senderId, payload).map(v -> new TelemetryOutcome(0, java.util.List.of(), null));
        } else if (topic.get().kind() == PublishTopic.Kind.STATUS) {
            outcome = pipeline.unknownTopic(senderId, topicName, payload, receivedAt);
        } else {
            outcome = pipeline.telemetry(senderId, topicName, topic.get(), payload, receivedAt);
        }
        acknowledgeInOrder(message, outcome, System.nanoTime());
    }

    private void acknowledgeInOrder(MqttPublishMessage message, Future<TelemetryOutcome> outcome, long receivedNanos) {
        Promise<Void> acknowledged = Promise.promise();
        Future<Void> previous = ackTail;
        ackTail = acknowledged.future();
        previous.onComplete(p -> outcome.onComplete(result -> {
            if (result.succeeded()) {
                acknowledge(message, result.result());
                pipeline.metrics().acknowledged(System.nanoTime() - receivedNanos);
            } else {
                onNotDurable(message, result.cause());
            }
            messageDone();
            acknowledged.complete();
        }));
    }

    private void acknowledge(MqttPublishMessage message, TelemetryOutcome outcome) {
        if (!v5 && (outcome.status() == IngestStatus.NOT_AUTHORIZED || outcome.status() == IngestStatus.QUOTA_EXCEEDED)) {
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
        LOG.warn("Message {} from {} not made durable ({}: {}); closing the connection so it is resent",
                message.messageId(), senderId, status, cause.getMessage());
        endpoint.close();
    }
}
