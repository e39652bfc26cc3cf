package no.varde.streamjobs.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyJson;
import no.varde.model.anomaly.Severity;

/**
 * The pieces a detector's state is written with (see {@link SeriesDetector#write}): arrays, nullable
 * strings, the configuration a detector carries (its series, settings and limit rules) and open
 * anomalies. Plain {@link DataOutput}, so the detectors stay free of Flink; the layout's version is
 * the Flink serializer's to keep.
 */
final class StateIo {
    private StateIo() {
    }

    static void writeDoubles(DataOutput out, double[] values) throws IOException {
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    /** Reads into {@code values}, which has the length the writer's array had (both are fixed by the layout). */
    static void readDoubles(DataInput in, double[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
    }

    /** Counts (how often a slot was seen), mostly small: seven bits a byte (LEB128), a quarter of the space of fixed ints. */
    static void writeInts(DataOutput out, int[] values) throws IOException {
        for (int v : values) {
            int rest = v;
            while ((rest & ~0x7F) != 0) {
                out.writeByte((rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            out.writeByte(rest);
        }
    }

    static void readInts(DataInput in, int[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            int v = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 28) {
                    throw new IOException("a count longer than five bytes: the state is damaged");
                }
                int b = in.readUnsignedByte();
                v |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            values[i] = v;
        }
    }

    static void writeString(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readString(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    static void writeSeries(DataOutput out, Series s) throws IOException {
        out.writeUTF(s.deviceId());
        out.writeUTF(s.metric());
        writeString(out, s.unit());
        out.writeUTF(s.domain().name());
        writeString(out, s.zone());
    }

    static Series readSeries(DataInput in) throws IOException {
        return new Series(in.readUTF(), in.readUTF(), readString(in), Domain.valueOf(in.readUTF()), readString(in));
    }

    static void writeSettings(DataOutput out, DetectorSettings s) throws IOException {
        out.writeInt(s.warmup());
        out.writeDouble(s.levelAlpha());
        out.writeDouble(s.rhythmAlpha());
        out.writeDouble(s.errorHalfLife());
        out.writeInt(s.surpriseMemory());
        out.writeInt(s.shortWindow());
        out.writeDouble(s.windowSpreadFactor());
        out.writeDouble(s.pointScale());
        out.writeDouble(s.rhythmAdvantage());
        out.writeDouble(s.scaleFloor());
        out.writeDouble(s.quantile());
        out.writeDouble(s.learningClip());
    }

    static DetectorSettings readSettings(DataInput in) throws IOException {
        return new DetectorSettings(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(), in.readInt(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }

    static void writeRule(DataOutput out, LimitRule r) throws IOException {
        out.writeUTF(r.id());
        out.writeUTF(r.metric());
        out.writeBoolean(r.upper());
        out.writeDouble(r.limit());
        out.writeDouble(r.clear());
        out.writeBoolean(r.minimum() != null);
        if (r.minimum() != null) {
            out.writeLong(r.minimum().getSeconds());
            out.writeInt(r.minimum().getNano());
        }
        out.writeUTF(r.average().name());
        out.writeUTF(r.severity().name());
        out.writeInt(r.zones().size());
        for (String zone : r.zones()) {
            out.writeUTF(zone);
        }
        writeString(out, r.source());
    }

    static LimitRule readRule(DataInput in) throws IOException {
        String id = in.readUTF();
        String metric = in.readUTF();
        boolean upper = in.readBoolean();
        double limit = in.readDouble();
        double clear = in.readDouble();
        Duration minimum = in.readBoolean() ? Duration.ofSeconds(in.readLong(), in.readInt()) : null;
        LimitRule.Averaging average = LimitRule.Averaging.valueOf(in.readUTF());
        Severity severity = Severity.valueOf(in.readUTF());
        int zoneCount = in.readInt();
        Set<String> zones = new HashSet<>();
        for (int i = 0; i < zoneCount; i++) {
            zones.add(in.readUTF());
        }
        return new LimitRule(id, metric, upper, limit, clear, minimum, average, severity, zones, readString(in));
    }

    /** An open anomaly (rare: most series have none), in its published JSON form. */
    static void writeAnomaly(DataOutput out, Anomaly a) throws IOException {
        out.writeBoolean(a != null);
        if (a != null) {
            byte[] json = AnomalyJson.encode(a);
            out.writeInt(json.length);
            out.write(json);
        }
    }

    static Anomaly readAnomaly(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return AnomalyJson.decode(json);
    }
}
