package no.varde.storage;

import java.time.Instant;

/** One point of a series: a raw reading (count 1) or a bucket of a rollup. */
public record SeriesPoint(Instant time, double value, double min, double max, int count) {
}
