package no.varde.ingest;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import no.varde.ingest.kafka.DurableHandoff;
import no.varde.model.codec.DeadLetter;
import no.varde.model.senml.SenmlCodec;
import no.varde.model.senml.SenmlException;
import no.varde.model.senml.SenmlPack;
import no.varde.model.validation.ReadingValidator;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import no.varde.model.validation.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-independent part of ingest: decode → validate → hand off. Good readings go to
 * {@code varde.readings}; everything rejected goes, with its reasons, to {@code varde.rejected}
 * and is counted and logged. The returned future completes only when both are durable.
 */
public final class TelemetryProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryProcessor.class);

    private final SenmlCodec codec = new SenmlCodec();
    private final ReadingValidator validator;
    private final DurableHandoff handoff;
    private final IngestMetrics metrics;
    private final int maxPayloadBytes;

    public TelemetryProcessor(ReadingValidator validator, DurableHandoff handoff, IngestMetrics metrics, int maxPayloadBytes) {
        this.validator = validator;
        this.handoff = handoff;
        this.metrics = metrics;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public Future<TelemetryOutcome> process(String deviceId, String topic, byte[] payload, Instant receivedAt) {
        if (payload.length > maxPayloadBytes) {
            return refuse(deviceId, topic, payload, receivedAt, IngestStatus.PAYLOAD_TOO_LARGE,
                    Rejection.ofMessage(RejectReason.PAYLOAD_TOO_LARGE,
                            "payload of " + payload.length + " bytes exceeds the limit of " + maxPayloadBytes));
        }
        SenmlPack records;
        try {
            records = codec.decode(payload, receivedAt);
        } catch (SenmlException e) {
            return refuse(deviceId, topic, payload, receivedAt, IngestStatus.BAD_PAYLOAD, e.toRejection());
        }
        return store(deviceId, topic, payload, receivedAt, records);
    }

    /**
     * Records an integration already decoded (a LoRaWAN network server's uplink): validated and
     * handed off like any other; the dead letter keeps {@code original}, the body as received.
     */
    public Future<TelemetryOutcome> processDecoded(String deviceId, String where, byte[] original, Instant receivedAt,
                                                   SenmlPack records) {
        return store(deviceId, where, original, receivedAt, records);
    }

    private Future<TelemetryOutcome> store(String deviceId, String topic, byte[] payload, Instant receivedAt, SenmlPack records) {
        ValidationResult result = validator.validate(deviceId, records, receivedAt);
        long sendStart = System.nanoTime();
        Future<Void> readings = result.accepted().isEmpty()
                ? Future.succeededFuture() : handoff.sendReadings(result.accepted()).onSuccess(v -> metrics.kafkaSend(System.nanoTime() - sendStart));
        Future<Void> deadLetter = result.rejections().isEmpty()
                ? Future.succeededFuture() : deadLetter(deviceId, topic, payload, receivedAt, result.rejections());
        IngestStatus status = result.accepted().isEmpty() ? IngestStatus.BAD_PAYLOAD : null;
        return Future.all(readings, deadLetter).map(done -> {
            metrics.readingsAccepted(result.accepted().size());
            return new TelemetryOutcome(result.accepted().size(), result.rejections(), status);
        });
    }

    /** Keeps a message that is refused as a whole (e.g. sent on a topic the device may not use). */
    public Future<TelemetryOutcome> refuse(String deviceId, String topic, byte[] payload, Instant receivedAt,
                                           IngestStatus status, Rejection rejection) {
        return deadLetter(deviceId, topic, payload, receivedAt, List.of(rejection))
                .map(done -> TelemetryOutcome.refused(status, rejection));
    }

    private Future<Void> deadLetter(String deviceId, String topic, byte[] payload, Instant receivedAt,
                                    List<Rejection> rejections) {
        for (Rejection rejection : rejections) {
            metrics.rejected(rejection.reason());
        }
        // Log the reasons, never the payload: it may be large, and it is kept in the dead letter.
        LOG.info("Rejected from device {} on {}: {}", deviceId, topic, rejections);
        return handoff.sendDeadLetter(DeadLetter.of(deviceId, topic, receivedAt, rejections, payload));
    }
}
