package no.varde.model.codec;

import java.util.Locale;
import no.varde.model.Reading;

/**
 * How ingest writes readings to Kafka. Readers take either, record by record (see {@link #decode}),
 * so a topic that holds both after an upgrade replays whole. {@link #JSON} is for a rolling
 * upgrade of a cluster: keep ingest writing JSON until every stream job runs a version that
 * reads {@link #BINARY}, then switch.
 */
public enum ReadingEncoding {
    /** {@link ReadingBinary}, version 1: the default. */
    BINARY,
    /** {@link ReadingJson}: readable with any Kafka tool, and by Varde versions before 2026-12. */
    JSON;

    public byte[] encode(Reading reading) {
        return this == BINARY ? ReadingBinary.encode(reading) : ReadingJson.encode(reading);
    }

    /**
     * Decodes a record in any encoding Varde ever wrote, told apart by its first byte.
     *
     * @throws IllegalArgumentException when the bytes are no reading
     */
    public static Reading decode(byte[] bytes) {
        if (bytes != null && bytes.length > 0 && bytes[0] == '{') {
            return ReadingJson.decode(bytes);
        }
        return ReadingBinary.decode(bytes);
    }

    /** {@code binary} or {@code json}, in any case. */
    public static ReadingEncoding parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("readings encoding must be binary or json, not '" + name + "'", e);
        }
    }
}
