package no.varde.streamjobs;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingJson;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * A batch of readings in PostgreSQL's binary COPY format, for the columns {@link #COLUMNS}. The
 * server takes each value as it is stored (a timestamptz is microseconds since 2000, a double its 8
 * bytes), where the text format made the writer print every timestamp and number and the server
 * parse them again: per million rows about 1.5 CPU-s less for the server and 0.9 less for the writer
 * (docs/experiments/CopyFormats.java; docs/capacity.md, 2026-12-08). Any text travels as it is, tabs
 * and backslashes included, which the text format would have taken for its own separators.
 *
 * <p>Layout (PostgreSQL documentation, "COPY", binary format): an 11-byte signature, a flags word
 * and a header-extension length (both 0), then per row a 16-bit field count and per field a 32-bit
 * length and the value's bytes, all big-endian; a field count of -1 ends the data.
 */
final class ReadingsCopyBuffer {
    static final String COLUMNS = "(device_id, metric, event_time, value, unit, received_at)";
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
    private static final short FIELDS = 6;
    /** PostgreSQL's timestamps count from 2000-01-01T00:00:00Z, in microseconds. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private byte[] bytes = new byte[64 * 1024];
    private int size;
    private int rows;

    ReadingsCopyBuffer() {
        clear();
    }

    void add(Reading r) {
        putShort(FIELDS);
        putText(r.deviceId());
        putText(r.metric());
        putInt(8);
        putLong(ReadingJson.toMicros(r.eventTime()) - POSTGRES_EPOCH_MICROS);
        putInt(8);
        putLong(Double.doubleToRawLongBits(r.value()));
        putText(r.unit());
        putInt(8);
        putLong(ReadingJson.toMicros(r.receiveTime()) - POSTGRES_EPOCH_MICROS);
        rows++;
    }

    int rows() {
        return rows;
    }

    void clear() {
        size = 0;
        rows = 0;
        ensure(HEADER.length);
        System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
        size = HEADER.length;
    }

    /**
     * Copies the batch into {@code table} (which must have {@link #COLUMNS}); the batch is kept, so a
     * failed copy can be retried or sent elsewhere. Returns the rows the server took.
     */
    long copyInto(CopyManager copy, String table) throws SQLException {
        CopyIn in = copy.copyIn("COPY " + table + " " + COLUMNS + " FROM STDIN (FORMAT binary)");
        try {
            in.writeToCopy(bytes, 0, size);
            in.writeToCopy(TRAILER, 0, TRAILER.length);
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** Text as its UTF-8 bytes; the ids, metric names and units Varde stores are ASCII, written without a copy. */
    private void putText(String s) {
        int n = s.length();
        ensure(4 + n);
        int at = size + 4;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                putInt(utf8.length);
                ensure(utf8.length);
                System.arraycopy(utf8, 0, bytes, size, utf8.length);
                size += utf8.length;
                return;
            }
            bytes[at + i] = (byte) c;
        }
        putInt(n);
        size += n;
    }

    private void putShort(short v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    private void putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    private void putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
