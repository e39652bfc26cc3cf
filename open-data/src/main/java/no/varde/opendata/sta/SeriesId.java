package no.varde.opendata.sta;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The ids of Datastreams and Observations. A Datastream is a Thing's metric in one series:
 * {@code water-nord-01:water.pressure} (raw readings), {@code ...~1m} and {@code ...~1h} (the
 * 1-minute and 1-hour means), {@code zone:Nord:water.flow~1h} (a zone's hourly mean). An
 * Observation is {@code <datastream>@<time>}. Metric names hold no colon and device ids neither,
 * so the last colon ends the Thing's id; ids are opaque to clients all the same.
 *
 * @param series {@code raw}, {@code 1m}, {@code 1h} or {@code zone}
 */
record SeriesId(String thing, String metric, String series) {
    static final String ZONE_PREFIX = "zone:";

    static SeriesId parse(String id) {
        String rest = id;
        String series = "raw";
        int tilde = id.lastIndexOf('~');
        if (tilde >= 0) {
            series = id.substring(tilde + 1);
            rest = id.substring(0, tilde);
            if (!series.equals("1m") && !series.equals("1h")) {
                throw StaException.notFound("no Datastream '" + id + "'");
            }
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw StaException.notFound("no Datastream '" + id + "' (a Datastream id is thing:metric, optionally ~1m or ~1h)");
        }
        String thing = rest.substring(0, colon);
        if (thing.startsWith(ZONE_PREFIX)) {
            if (!series.equals("1h")) {
                throw StaException.notFound("no Datastream '" + id + "' (a zone publishes hourly means only)");
            }
            series = "zone";
        }
        return new SeriesId(thing, rest.substring(colon + 1), series);
    }

    /** An Observation id: its Datastream, and the time. */
    record ObservationId(SeriesId datastream, String datastreamId, Instant time) {
        static ObservationId parse(String id) {
            int at = id.lastIndexOf('@');
            if (at <= 0) {
                throw StaException.notFound("no Observation '" + id + "' (an Observation id is datastream@time)");
            }
            try {
                return new ObservationId(SeriesId.parse(id.substring(0, at)), id.substring(0, at), Instant.parse(id.substring(at + 1)));
            } catch (DateTimeParseException e) {
                throw StaException.notFound("no Observation '" + id + "'");
            }
        }
    }
}
