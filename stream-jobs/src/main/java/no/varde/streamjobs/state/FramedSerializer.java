package no.varde.streamjobs.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.function.Supplier;
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
 * Keyed state written by the state's own code in a versioned layout instead of by Kryo, as one
 * framed block per value: {@code [int length][byte layout version][state]}.
 *
 * <p>Why: Kryo reads state back with one small read per field, which on the heap backend's
 * unbuffered restore stream took minutes at 100,000 series, spends reflection on every checkpoint,
 * and cannot read a checkpoint back once a class gains a field. One block is read with one call and
 * decoded from memory, the layout is explicit (a new field means a new layout version that still
 * reads the old ones), and copies, which the heap backend makes of every entry touched while an
 * asynchronous checkpoint runs, are a write and a read of that block.
 *
 * <p>A subclass passes how to write and read its type, and its snapshot class, which declares a
 * Kryo snapshot of an earlier build compatible after migration, so Flink reads such a checkpoint
 * with Kryo once and the next checkpoint is written in the layout.
 */
public abstract class FramedSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    /** One buffer per thread: the task thread copies entries while the snapshot thread writes them. */
    private static final ThreadLocal<DataOutputSerializer> BUFFER = ThreadLocal.withInitial(() -> new DataOutputSerializer(8 * 1024));

    /** Writes a value's state in the current layout. */
    @FunctionalInterface
    public interface Writer<T> extends Serializable {
        void write(T value, DataOutput out) throws IOException;
    }

    /** Reads a value's state written in {@code layout} (the current one or an earlier one). */
    @FunctionalInterface
    public interface Reader<T> extends Serializable {
        T read(DataInput in, int layout) throws IOException;
    }

    /** A {@link Supplier} that travels with the serializer. */
    public interface SerializableSupplier<V> extends Supplier<V>, Serializable {
    }

    private final int layout;
    private final String what;
    private final Writer<T> writer;
    private final Reader<T> reader;
    private final SerializableSupplier<TypeSerializerSnapshot<T>> snapshot;

    /**
     * @param layout the layout version {@code writer} writes; {@code reader} reads it and every earlier one
     * @param what what the state is, for error messages ("series detector state")
     * @param snapshot makes the subclass's snapshot (a {@link Snapshot} with a public no-argument constructor)
     */
    protected FramedSerializer(int layout, String what, Writer<T> writer, Reader<T> reader,
                               SerializableSupplier<TypeSerializerSnapshot<T>> snapshot) {
        this.layout = layout;
        this.what = what;
        this.writer = writer;
        this.reader = reader;
        this.snapshot = snapshot;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless (the encoding buffer is per thread)
    }

    @Override
    public T createInstance() {
        return null; // a key without a value has no state; the operator makes one at its first record
    }

    @Override
    public T copy(T from) {
        try {
            DataOutputSerializer block = encode(from);
            return decode(new DataInputDeserializer(block.getSharedBuffer(), 0, block.length()));
        } catch (IOException e) {
            throw new IllegalStateException("could not copy " + what, e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        DataOutputSerializer block = encode(record);
        target.writeInt(block.length());
        target.write(block.getSharedBuffer(), 0, block.length());
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] block = new byte[source.readInt()];
        source.readFully(block);
        return decode(new DataInputDeserializer(block));
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte[] block = new byte[source.readInt()];
        source.readFully(block);
        target.writeInt(block.length);
        target.write(block);
    }

    private DataOutputSerializer encode(T record) throws IOException {
        DataOutputSerializer buffer = BUFFER.get();
        buffer.clear();
        buffer.writeByte(layout);
        writer.write(record, buffer);
        return buffer;
    }

    private T decode(DataInputDeserializer in) throws IOException {
        int written = in.readUnsignedByte();
        if (written < 1 || written > layout) {
            throw new IOException(what + " in layout " + written + ", which this build does not know (it writes " + layout
                    + "): it was written by a newer Varde");
        }
        return reader.read(in, written);
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return snapshot.get();
    }

    /**
     * What a checkpoint records of a framed serializer: its class, so the next run makes the same
     * one; a Kryo snapshot (an earlier build's checkpoint) is compatible after migration. A subclass
     * has a public no-argument constructor, by which Flink makes it.
     */
    public abstract static class Snapshot<T> extends SimpleTypeSerializerSnapshot<T> {
        protected Snapshot(Supplier<? extends TypeSerializer<T>> serializer) {
            super(serializer);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (old instanceof KryoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
