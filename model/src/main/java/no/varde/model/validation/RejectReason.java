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
    UNKNOWN_DEVICE,
    /** A SenML pack of a version newer than Varde reads, or one that changes version (RFC 8428 section 4.4). */
    UNSUPPORTED_VERSION,
    /** A field whose label ends in '_', which a reader that does not know it must refuse (RFC 8428 section 4.4). */
    MUST_UNDERSTAND,
    /** A resolved name outside RFC 8428's character set or first-character rule (section 4.5.1). */
    INVALID_NAME,
    /** A record with neither a value nor a sum (RFC 8428 section 4.2). */
    NO_VALUE,
    /** A record with more than one of v, vs, vb, vd (RFC 8428 section 4.2). */
    MULTIPLE_VALUES,
    /** A record's sum (s, bs): Varde stores values, not integrated sums. */
    SUM_NOT_STORED,
    /** A body of another format than the endpoint takes (e.g. a ChirpStack v3 uplink on the v4 endpoint). */
    UNSUPPORTED_FORMAT,
    /** A second, different value for a (device, metric, time) already stored: the first is kept. */
    CONFLICTING_DUPLICATE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
