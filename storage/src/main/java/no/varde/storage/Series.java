package no.varde.storage;

import java.time.Duration;
import java.util.List;

/** A device's metric over a time range, at the resolution the range asks for. */
public record Series(String deviceId, String metric, String resolution, Duration bucket, List<SeriesPoint> points) {
}
