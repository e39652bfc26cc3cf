package no.varde.streamjobs.anomaly;

import no.varde.streamjobs.detect.SeriesDetector;
import no.varde.streamjobs.state.FramedSerializer;

/**
 * The series detectors' keyed state, written by {@link SeriesDetector#write} instead of Kryo, as one
 * framed block per series ({@link FramedSerializer}: why, and how a Kryo checkpoint of an earlier
 * build restores). {@code bin/bench-state} measures the difference.
 */
public final class SeriesDetectorSerializer extends FramedSerializer<SeriesDetector> {
    private static final long serialVersionUID = 1L;
    /** The layout {@link SeriesDetector#write} writes (older ones are still read). */
    static final int LAYOUT = SeriesDetector.LAYOUT;

    public SeriesDetectorSerializer() {
        super(LAYOUT, "series detector state", SeriesDetector::write, SeriesDetector::read, Snapshot::new);
    }

    /** What a checkpoint records of this serializer (the class name is in every checkpoint written since layout 1). */
    public static final class Snapshot extends FramedSerializer.Snapshot<SeriesDetector> {
        public Snapshot() {
            super(SeriesDetectorSerializer::new);
        }
    }
}
