package no.varde.model.senml;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;

/**
 * The compact JSON form, for devices too small for SenML: one object with an optional time and
 * one field per metric, optionally with units.
 *
 * <pre>{"t": 1795420800, "water.pressure": 4.1, "water.flow": 11.2, "units": {"water.flow": "l/s"}}</pre>
 *
 * {@code t} is seconds since the epoch (or relative to now below 2^28, as in SenML) or an
 * ISO-8601 instant; without it the receive time is used. Every other field is a record: a number is
 * its value, anything else is rejected as not numeric (that record only, never silently).
 */
final class CompactJson {
    private static final String TIME = "t";
    private static final String UNITS = "units";

    private CompactJson() {
    }

    static SenmlPack decode(JsonNode root, Instant now) throws SenmlException {
        Instant time = now;
        JsonNode t = root.get(TIME);
        if (t != null) {
            if (t.isNumber()) {
                time = numericTime(t.asDouble(), now);
            } else if (t.isTextual()) {
                try {
                    time = Instant.parse(t.asText());
                } catch (DateTimeParseException e) {
                    throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "'t' is neither epoch seconds nor an ISO-8601 instant");
                }
            } else {
                throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "'t' must be a number or an ISO-8601 string");
            }
        }
        JsonNode units = root.path(UNITS);
        if (!units.isMissingNode() && !units.isObject()) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "'units' must be an object of metric to unit");
        }
        List<SenmlRecord> records = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        int index = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals(TIME) || name.equals(UNITS)) {
                continue;
            }
            JsonNode value = field.getValue();
            if (!value.isNumber()) {
                rejections.add(new Rejection(RejectReason.NOT_NUMERIC, index++, "field '" + SenmlResolver.printable(name)
                        + "' must be a JSON number, not " + value.getNodeType().name().toLowerCase(Locale.ROOT)));
                continue;
            }
            JsonNode unit = units.get(name);
            if (unit != null && !unit.isTextual()) {
                throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "'units' of '" + SenmlResolver.printable(name)
                        + "' must be a string");
            }
            records.add(new SenmlRecord(index++, name, SenmlCodec.metricName(name), value.asDouble(),
                    unit == null ? null : unit.asText(), time));
        }
        if (records.isEmpty() && rejections.isEmpty()) {
            throw new SenmlException(RejectReason.EMPTY_PAYLOAD, "the object carries no measurements");
        }
        return new SenmlPack(records, rejections);
    }

    private static Instant numericTime(double seconds, Instant now) throws SenmlException {
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e11) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "'t' = " + seconds + " is not a usable time");
        }
        return seconds < SenmlResolver.RELATIVE_TIME_LIMIT ? now.plusNanos(Math.round(seconds * 1e9)) : SenmlCodec.epochSeconds(seconds);
    }
}
