package no.varde.streamjobs.anomaly;

import java.io.IOException;
import no.varde.streamjobs.detect.DriftDetector;
import no.varde.streamjobs.state.FramedSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The drift detectors' keyed state (one per domain), written by {@link DriftDetector#write} instead
 * of Kryo ({@link FramedSerializer}). Before it, a field added to the detector kept every earlier
 * checkpoint from restoring, so the detector could not learn anything new without losing what a
 * running platform had learnt; and Kryo copied the whole domain, field by field through reflection,
 * at every checkpoint.
 */
public final class DriftDetectorSerializer extends FramedSerializer<DriftDetector> {
    private static final long serialVersionUID = 1L;

    @Override
    protected int layout() {
        return DriftDetector.LAYOUT;
    }

    @Override
    protected void write(DriftDetector value, DataOutputSerializer out) throws IOException {
        value.write(out);
    }

    @Override
    protected DriftDetector read(DataInputDeserializer in, int layout) throws IOException {
        return DriftDetector.read(in, layout);
    }

    @Override
    protected String what() {
        return "drift detector state";
    }

    @Override
    public TypeSerializerSnapshot<DriftDetector> snapshotConfiguration() {
        return new Snapshot();
    }

    /** What a checkpoint records of this serializer. */
    public static final class Snapshot extends FramedSerializer.Snapshot<DriftDetector> {
        public Snapshot() {
            super(DriftDetectorSerializer::new);
        }
    }
}
