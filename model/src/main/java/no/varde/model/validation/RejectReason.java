package no.varde.model.validation;

import java.util.Locale;

/**
 * Why a message or a record was not accepted. The code is machine-readable and stable: it is
 * what dead letters carry, what rejection counters are labelled with, and what senders are told.
 */
public enum RejectReason {
    MALFORMED_PAYLOAD,
    PAYLOAD_TOO_LARGE,
    EMPTY_PAYLOAD,
    TOPIC_NOT_AUTHORIZED,
    UNKNOWN_TOPIC,
    UNKNOWN_METRIC,
    UNSUPPORTED_UNIT,
    NOT_NUMERIC,
    NOT_FINITE,
    OUT_OF_RANGE,
    TIME_IN_FUTURE,
    TIME_TOO_OLD,
    /** More messages than the device's rate limit allows. */
    RATE_LIMITED,
    /** A CONNECT (or HTTP request) with an unknown device, a wrong token or a disabled device. */
    BAD_CREDENTIALS,
    /** Devices may not subscribe. */
    SUBSCRIBE_REFUSED,
    /** An integration (LoRaWAN network server) sent data for a device Varde does not know. */
    UNKNOWN_DEVICE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
