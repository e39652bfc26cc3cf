package no.varde.streamjobs.anomaly;

import no.varde.streamjobs.detect.DriftDetector;
import no.varde.streamjobs.state.FramedSerializer;

/**
 * The drift detectors' keyed state (one per domain), written by {@link DriftDetector#write} instead
 * of Kryo ({@link FramedSerializer}). Before it, a field added to the detector kept every earlier
 * checkpoint from restoring, so the detector could not learn anything new without losing what a
 * running platform had learnt; and Kryo copied the whole domain, field by field through reflection,
 * at every checkpoint.
 */
public final class DriftDetectorSerializer extends FramedSerializer<DriftDetector> {
    private static final long serialVersionUID = 1L;

    public DriftDetectorSerializer() {
        super(DriftDetector.LAYOUT, "drift detector state", DriftDetector::write, DriftDetector::read, Snapshot::new);
    }

    /** What a checkpoint records of this serializer. */
    public static final class Snapshot extends FramedSerializer.Snapshot<DriftDetector> {
        public Snapshot() {
            super(DriftDetectorSerializer::new);
        }
    }
}
