package no.varde.streamjobs.anomaly;

import java.io.IOException;
import no.varde.streamjobs.detect.SeriesDetector;
import no.varde.streamjobs.state.FramedSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The series detectors' keyed state, written by {@link SeriesDetector#write} instead of Kryo, as one
 * framed block per series ({@link FramedSerializer}: why, and how a Kryo checkpoint of an earlier
 * build restores). {@code bin/bench-state} measures the difference.
 */
public final class SeriesDetectorSerializer extends FramedSerializer<SeriesDetector> {
    private static final long serialVersionUID = 1L;
    /** The layout {@link SeriesDetector#write} writes (older ones are still read). */
    static final int LAYOUT = SeriesDetector.LAYOUT;

    @Override
    protected int layout() {
        return LAYOUT;
    }

    @Override
    protected void write(SeriesDetector value, DataOutputSerializer out) throws IOException {
        value.write(out);
    }

    @Override
    protected SeriesDetector read(DataInputDeserializer in, int layout) throws IOException {
        return SeriesDetector.read(in, layout);
    }

    @Override
    protected String what() {
        return "series detector state";
    }

    @Override
    public TypeSerializerSnapshot<SeriesDetector> snapshotConfiguration() {
        return new Snapshot();
    }

    /** What a checkpoint records of this serializer (the class name is in every checkpoint written since layout 1). */
    public static final class Snapshot extends FramedSerializer.Snapshot<SeriesDetector> {
        public Snapshot() {
            super(SeriesDetectorSerializer::new);
        }
    }
}
