package no.varde.ingest;

/**
 * The outcome classes of ingest, one per distinct thing a sender can be told. Translated to MQTT
 * 3.1.1 return codes, MQTT 5 reason codes and HTTP statuses in one place
 * ({@link no.varde.ingest.mqtt.MqttCodes}).
 */
public enum IngestStatus {
    /** Unknown device, wrong token or disabled device (never say which). */
    BAD_CREDENTIALS(401),
    /** Authenticated, but not allowed to do this (e.g. publish on another device's topic). */
    NOT_AUTHORIZED(403),
    /** The payload cannot be used at all. */
    BAD_PAYLOAD(400),
    /** The payload is larger than the configured maximum. */
    PAYLOAD_TOO_LARGE(413),
    /** The sender exceeded its rate limit; it should slow down. */
    QUOTA_EXCEEDED(429),
    /** Varde cannot make the data durable right now; the sender should retry. */
    UNAVAILABLE(503);

    private final int httpStatus;

    IngestStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
