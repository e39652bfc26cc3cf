package no.varde.model.codec;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import no.varde.model.Reading;

/**
 * The compact wire form of a {@link Reading} on Kafka topic {@code varde.readings}, version 1.
 * Ingest encodes every reading and the stream job decodes every one, so both ends run once per
 * reading on the busiest threads; a fixed layout costs a fraction of JSON's parsing and writing
 * (see {@code ReadingCodecBenchmark}). All numbers big-endian:
 *
 * <pre>
 * offset  size  field
 * 0       1     version, 0x01 (a JSON record starts with '{', 0x7B, so the two never meet)
 * 1       1-5   device id length n (unsigned LEB128 varint), then n bytes of UTF-8
 * .       1-5   metric length, then its UTF-8 bytes
 * .       1-5   unit length, then its UTF-8 bytes
 * .       8     value, IEEE 754 double
 * .       8     event time, microseconds since the epoch (signed)
 * .       8     receive time, microseconds since the epoch (signed)
 * </pre>
 *
 * A new field means a new version byte; readers keep decoding every version they ever wrote,
 * because Kafka keeps records for days and a restarted job replays them.
 */
public final class ReadingBinary {
    public static final byte VERSION_1 = 1;
    private static final int MAX_STRING = 4096;

    private ReadingBinary() {
    }

    public static byte[] encode(Reading reading) {
        byte[] device = reading.deviceId().getBytes(StandardCharsets.UTF_8);
        byte[] metric = reading.metric().getBytes(StandardCharsets.UTF_8);
        byte[] unit = reading.unit().getBytes(StandardCharsets.UTF_8);
        int size = 1 + varintSize(device.length) + device.length + varintSize(metric.length) + metric.length
                + varintSize(unit.length) + unit.length + 24;
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION_1);
        putString(out, device);
        putString(out, metric);
        putString(out, unit);
        out.putDouble(reading.value());
        out.putLong(ReadingJson.toMicros(reading.eventTime()));
        out.putLong(ReadingJson.toMicros(reading.receiveTime()));
        return out.array();
    }

    /** @throws IllegalArgumentException when the bytes are not a version-1 reading */
    public static Reading decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != VERSION_1) {
            throw new IllegalArgumentException("not a binary reading: version byte " + (bytes == null || bytes.length == 0 ? "missing" : bytes[0]));
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            String device = getString(in, "device id");
            String metric = getString(in, "metric");
            String unit = getString(in, "unit");
            double value = in.getDouble();
            long event = in.getLong();
            long receive = in.getLong();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("not a binary reading: " + in.remaining() + " bytes after the last field");
            }
            if (device.isEmpty() || metric.isEmpty()) {
                throw new IllegalArgumentException("not a binary reading: empty device id or metric");
            }
            return new Reading(device, metric, value, unit, ReadingJson.fromMicros(event), ReadingJson.fromMicros(receive));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("not a binary reading: truncated after " + bytes.length + " bytes", e);
        }
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        int n = utf8.length;
        while ((n & ~0x7F) != 0) {
            out.put((byte) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.put((byte) n);
        out.put(utf8);
    }

    private static String getString(ByteBuffer in, String field) {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 28) {
                throw new IllegalArgumentException("not a binary reading: " + field + " length is not a varint");
            }
            byte b = in.get();
            n |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (n < 0 || n > MAX_STRING || n > in.remaining()) {
            throw new IllegalArgumentException("not a binary reading: " + field + " of " + n + " bytes");
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    private static int varintSize(int n) {
        int size = 1;
        while ((n & ~0x7F) != 0) {
            size++;
            n >>>= 7;
        }
        return size;
    }
}
