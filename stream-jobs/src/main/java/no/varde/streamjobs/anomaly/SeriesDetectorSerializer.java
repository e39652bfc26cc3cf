package no.varde.streamjobs.anomaly;

import java.io.IOException;
import no.varde.streamjobs.detect.SeriesDetector;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The series detectors' keyed state, written by {@link SeriesDetector#write} instead of Kryo, as one
 * framed block per series: {@code [int length][byte layout version][state]}.
 *
 * <p>Why: Kryo read the state back with one small read per field, which on the heap backend's
 * unbuffered restore stream took minutes at 100,000 series, spent reflection on every checkpoint,
 * and could not read a checkpoint back once a detector gained a field. One block per series is read
 * with one call and decoded from memory, the layout is explicit (a new field means a new version
 * that still reads the old one), and copies, which the heap backend makes of every entry touched
 * while an asynchronous checkpoint runs, are a write and a read of that block
 * ({@code bin/bench-state} measures the difference).
 *
 * <p>A checkpoint written with Kryo by an earlier build restores: the snapshot declares itself
 * compatible after migration, so Flink reads the old entries with Kryo once and the next checkpoint
 * writes them in this layout.
 */
public final class SeriesDetectorSerializer extends TypeSerializer<SeriesDetector> {
    private static final long serialVersionUID = 1L;
    /** The layout {@link SeriesDetector#write} writes (older ones are still read). */
    static final int LAYOUT = SeriesDetector.LAYOUT;

    /** One buffer per thread: the task thread copies entries while the snapshot thread writes them. */
    private static final ThreadLocal<DataOutputSerializer> BUFFER = ThreadLocal.withInitial(() -> new DataOutputSerializer(8 * 1024));

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<SeriesDetector> duplicate() {
        return this; // stateless (the encoding buffer is per thread)
    }

    @Override
    public SeriesDetector createInstance() {
        return null; // a series without a detector has no state; the operator makes one at its first reading
    }

    @Override
    public SeriesDetector copy(SeriesDetector from) {
        try {
            DataOutputSerializer block = encode(from);
            return decode(new DataInputDeserializer(block.getSharedBuffer(), 0, block.length()));
        } catch (IOException e) {
            throw new IllegalStateException("could not copy the detector of " + from.series().subject(), e);
        }
    }

    @Override
    public SeriesDetector copy(SeriesDetector from, SeriesDetector reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SeriesDetector record, DataOutputView target) throws IOException {
        DataOutputSerializer block = encode(record);
        target.writeInt(block.length());
        target.write(block.getSharedBuffer(), 0, block.length());
    }

    @Override
    public SeriesDetector deserialize(DataInputView source) throws IOException {
        byte[] block = new byte[source.readInt()];
        source.readFully(block);
        return decode(new DataInputDeserializer(block));
    }

    @Override
    public SeriesDetector deserialize(SeriesDetector reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte[] block = new byte[source.readInt()];
        source.readFully(block);
        target.writeInt(block.length);
        target.write(block);
    }

    private static DataOutputSerializer encode(SeriesDetector record) throws IOException {
        DataOutputSerializer buffer = BUFFER.get();
        buffer.clear();
        buffer.writeByte(LAYOUT);
        record.write(buffer);
        return buffer;
    }

    private static SeriesDetector decode(DataInputDeserializer in) throws IOException {
        int layout = in.readUnsignedByte();
        if (layout < 1 || layout > LAYOUT) {
            throw new IOException("series detector state in layout " + layout + ", which this build does not know (it writes " + LAYOUT
                    + "): it was written by a newer Varde");
        }
        return SeriesDetector.read(in, layout);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SeriesDetectorSerializer;
    }

    @Override
    public int hashCode() {
        return SeriesDetectorSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<SeriesDetector> snapshotConfiguration() {
        return new Snapshot();
    }

    /** What a checkpoint records of this serializer: its class, so the next run makes the same one. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeriesDetector> {
        public Snapshot() {
            super(SeriesDetectorSerializer::new);
        }

        @Override
        public TypeSerializerSchemaCompatibility<SeriesDetector> resolveSchemaCompatibility(TypeSerializerSnapshot<SeriesDetector> old) {
            if (old instanceof KryoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration(); // an earlier build's checkpoint
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
