package no.varde.streamjobs.rollup;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The resend filter's keyed state ({@link SeenReadings}) as its live readings only, each as a
 * step from the one before ({@link SeenReadings#write}), instead of Flink's long-array serializer.
 *
 * <p>Why: the in-memory array keeps spare room and the slots it has forgotten from its front (so
 * the usual reading is written in place), and Flink's serializer wrote all of it, 8 bytes a slot.
 * At 10,000 devices reporting once a second that was most of every checkpoint (20-30 MB every 10 s,
 * 2026-12-05), and on RocksDB it is what every reading reads and writes back.
 *
 * <p>A checkpoint of an earlier build restores: the snapshot declares itself compatible after
 * migration from the long-array serializer, so Flink reads the old arrays once (either of their
 * layouts) and the next checkpoint writes them this way.
 */
public final class SeenReadingsSerializer extends TypeSerializer<long[]> {
    private static final long serialVersionUID = 1L;
    /** First byte of every entry: a later layout can still read this one. */
    private static final int VERSION = 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<long[]> duplicate() {
        return this; // stateless
    }

    @Override
    public long[] createInstance() {
        return SeenReadings.empty();
    }

    @Override
    public long[] copy(long[] from) {
        return from.clone();
    }

    @Override
    public long[] copy(long[] from, long[] reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(long[] record, DataOutputView target) throws IOException {
        target.writeByte(VERSION);
        SeenReadings.write(record, target);
    }

    @Override
    public long[] deserialize(DataInputView source) throws IOException {
        int version = source.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("resend filter state in layout " + version + ", which this build does not know (it writes " + VERSION
                    + "): it was written by a newer Varde");
        }
        return SeenReadings.read(source);
    }

    @Override
    public long[] deserialize(long[] reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SeenReadingsSerializer;
    }

    @Override
    public int hashCode() {
        return SeenReadingsSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<long[]> snapshotConfiguration() {
        return new Snapshot();
    }

    /** What a checkpoint records of this serializer: its class, so the next run makes the same one. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<long[]> {
        public Snapshot() {
            super(SeenReadingsSerializer::new);
        }

        @Override
        public TypeSerializerSchemaCompatibility<long[]> resolveSchemaCompatibility(TypeSerializerSnapshot<long[]> old) {
            if (old instanceof LongPrimitiveArraySerializer.LongPrimitiveArraySerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration(); // an earlier build's checkpoint
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
