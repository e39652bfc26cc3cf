package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import no.varde.model.MetricCatalogue;
import no.varde.model.senml.SenmlPack;
import no.varde.model.senml.SenmlRecord;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;

/**
 * A decoded uplink to records, by the selected {@link FieldMapping}: every mapped field that is
 * present becomes a record (a number, or a number written as text); a mapped field that holds
 * something else (text that is not a number, true/false, an object, null) is rejected with its
 * name and what it held, never skipped. A top-level field named exactly like a catalogue metric
 * maps to itself in the metric's canonical unit. Records are numbered in mapping order, so that
 * rejections point at them.
 */
public final class UplinkMapper {
    private final MetricCatalogue catalogue;

    public UplinkMapper(MetricCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** @param time the uplink's time (the network server's, else the receive time) */
    public SenmlPack map(FieldMapping.Selection selection, JsonObject decoded, Instant time) {
        List<SenmlRecord> records = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        if (decoded == null) {
            return new SenmlPack(records, rejections);
        }
        int index = 0;
        for (Map.Entry<String, FieldMapping.Target> field : selection.fields().entrySet()) {
            Object value = lookup(decoded, field.getKey());
            if (value != Missing.VALUE) {
                add(records, rejections, index++, field.getKey(), field.getValue().metric(), field.getValue().unit(), value, time);
            }
        }
        for (String name : new TreeSet<>(decoded.fieldNames())) {
            if (!selection.fields().containsKey(name) && catalogue.find(name).isPresent()) {
                add(records, rejections, index++, name, name, catalogue.find(name).get().unit(), decoded.getValue(name), time);
            }
        }
        return new SenmlPack(records, rejections);
    }

    private static void add(List<SenmlRecord> records, List<Rejection> rejections, int index, String path, String metric,
                            String unit, Object value, Instant time) {
        Double number = value instanceof Number n ? Double.valueOf(n.doubleValue())
                : value instanceof String text ? NumericText.parse(text) : null;
        if (number != null) {
            records.add(new SenmlRecord(index, path, metric, number, unit, time));
            return;
        }
        RejectReason reason = value == null ? RejectReason.NO_VALUE : RejectReason.NOT_NUMERIC;
        rejections.add(new Rejection(reason, index, "decoded field '" + NumericText.printable(path) + "' maps to " + metric
                + " but holds " + describe(value) + ", not a number"));
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return "the text \"" + NumericText.printable(text) + "\"";
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        return value instanceof JsonObject ? "an object" : value instanceof JsonArray ? "a list" : "a " + value.getClass().getSimpleName();
    }

    /** The value at a path ({@code a/b/c} through nested objects), {@link Missing#VALUE} when absent; JSON null is null. */
    static Object lookup(JsonObject decoded, String path) {
        Object current = decoded;
        for (String part : path.split("/", -1)) {
            if (!(current instanceof JsonObject object) || !object.containsKey(part)) {
                return Missing.VALUE;
            }
            current = object.getValue(part);
        }
        return current;
    }

    /** Tells an absent field from one that is present and null. */
    enum Missing { VALUE }

    /** The decoded fields' names, for the message when none maps. */
    public static String fieldNames(JsonObject decoded) {
        if (decoded == null || decoded.isEmpty()) {
            return "(none)";
        }
        List<String> names = new ArrayList<>(new TreeSet<>(decoded.fieldNames()));
        String shown = String.join(", ", names.subList(0, Math.min(names.size(), 20)).stream().map(NumericText::printable).toList());
        return names.size() > 20 ? shown + ", …" : shown;
    }
}
