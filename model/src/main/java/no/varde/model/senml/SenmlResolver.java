package no.varde.model.senml;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import no.varde.model.senml.SenmlRecord.ValueKind;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;

/**
 * Resolves a SenML JSON pack (RFC 8428 sections 4 and 5) record by record. What breaks the pack
 * as a whole (a base field of the wrong type, a version Varde cannot read or a changed version, a
 * must-understand field) throws {@link SenmlException}; what breaks one record (no value, two
 * value fields, a bad name, a regular field of the wrong type, an unrepresentable time) rejects
 * that record only, with its index and the rule, and the others are kept.
 */
final class SenmlResolver {
    /** RFC 8428 section 4.5.3: resolved times below 2**28 are relative to "now". */
    static final double RELATIVE_TIME_LIMIT = 268_435_456d;
    /** The version this reader understands (section 4.4); a pack without bver is version 10. */
    static final int VERSION = 10;
    private static final Set<String> BASE_LABELS = Set.of("bn", "bt", "bu", "bv", "bs", "bver");
    private static final Set<String> REGULAR_LABELS = Set.of("n", "u", "v", "vs", "vb", "vd", "s", "t", "ut");
    /** Relative offsets beyond about 300 years, and absolute times past 5138, cannot be meant. */
    private static final double MAX_RELATIVE_SECONDS = 1e10;
    private static final double MAX_ABSOLUTE_SECONDS = 1e11;
    /** Section 5: vd is base64 with the URL-safe alphabet and no padding. */
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

    private final Instant now;
    private final List<SenmlRecord> records = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private String baseName = "";
    private double baseTime;
    private String baseUnit;
    private double baseValue;
    private Double baseSum;
    private int version = VERSION;

    private SenmlResolver(Instant now) {
        this.now = now;
    }

    static SenmlPack resolve(JsonNode pack, Instant now) throws SenmlException {
        SenmlResolver resolver = new SenmlResolver(now);
        int index = 0;
        for (JsonNode node : pack) {
            resolver.record(node, index++);
        }
        // Section 4.6: resolved records are in chronological order. The sort is stable, so records
        // of the same time keep the pack's order (and every record keeps its pack index).
        resolver.records.sort(Comparator.comparing(SenmlRecord::time));
        return new SenmlPack(resolver.records, resolver.rejections);
    }

    private void record(JsonNode node, int index) throws SenmlException {
        if (!node.isObject()) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "record " + index + " is not a JSON object");
        }
        checkLabels(node, index);
        applyBaseFields(node, index);
        if (!hasRegularField(node)) {
            // A record of base fields only (RFC 8428 section 5.1.7 opens with one): it sets what
            // follows and is not itself a measurement.
            return;
        }
        try {
            records.add(resolved(node, index));
        } catch (RecordRejected e) {
            rejections.add(new Rejection(e.reason, index, e.getMessage()));
        }
    }

    private static void checkLabels(JsonNode node, int index) throws SenmlException {
        for (Iterator<String> labels = node.fieldNames(); labels.hasNext(); ) {
            String label = labels.next();
            // Section 4.4: unknown fields are ignored, unless their label ends in '_'.
            if (label.endsWith("_") && !BASE_LABELS.contains(label) && !REGULAR_LABELS.contains(label)) {
                throw new SenmlException(RejectReason.MUST_UNDERSTAND, "record " + index + ": field '" + label
                        + "' must be understood (its label ends in '_', RFC 8428 section 4.4) and Varde does not know it");
            }
        }
    }

    private void applyBaseFields(JsonNode node, int index) throws SenmlException {
        if (node.has("bver")) {
            JsonNode bver = node.get("bver");
            if (!bver.isNumber() || bver.asDouble() != Math.rint(bver.asDouble()) || bver.asDouble() < 1) {
                throw new SenmlException(RejectReason.UNSUPPORTED_VERSION, "record " + index
                        + ": 'bver' must be a positive integer (RFC 8428 section 4.1)");
            }
            double declared = bver.asDouble();
            if (declared > VERSION) {
                throw new SenmlException(RejectReason.UNSUPPORTED_VERSION, "record " + index + ": SenML version "
                        + (long) declared + " is newer than version " + VERSION + ", which Varde reads (RFC 8428 section 4.4)");
            }
            if (index > 0 && declared != version) {
                throw new SenmlException(RejectReason.UNSUPPORTED_VERSION, "record " + index + " changes the version from "
                        + version + " to " + (long) declared + "; all records of a pack have one version (RFC 8428 section 4.4)");
            }
            version = (int) declared;
        }
        // Base fields apply to this record and all after it, until a record that sets the same one (section 4).
        if (node.has("bn")) {
            baseName = baseText(node, "bn", index);
        }
        if (node.has("bt")) {
            baseTime = baseNumber(node, "bt", index);
        }
        if (node.has("bu")) {
            baseUnit = baseText(node, "bu", index);
        }
        if (node.has("bv")) {
            baseValue = baseNumber(node, "bv", index);
        }
        if (node.has("bs")) {
            baseSum = baseNumber(node, "bs", index);
        }
    }

    private static boolean hasRegularField(JsonNode node) {
        for (String label : REGULAR_LABELS) {
            if (node.has(label)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Section 4.5.1: the resolved name starts with A-Z, a-z or 0-9 and holds only those and
     * {@code - : . / _}. A loop over the characters rather than a regular expression: every record of
     * every message passes here, and without the expression the simulator's three-record pack decodes
     * and validates at about 1.4 times the rate (JMH, docs/capacity.md, 2026-12-06 last).
     */
    static boolean isValidName(String name) {
        if (name.isEmpty() || !isAsciiLetterOrDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '-' && c != ':' && c != '.' && c != '/' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private SenmlRecord resolved(JsonNode node, int index) throws RecordRejected {
        String name = baseName + (node.has("n") ? text(node, "n") : "");
        if (name.isEmpty()) {
            throw new RecordRejected(RejectReason.INVALID_NAME, "no name: neither 'n' nor a base name 'bn' (RFC 8428 section 4.2)");
        }
        if (!isValidName(name)) {
            throw new RecordRejected(RejectReason.INVALID_NAME, "name '" + printable(name) + "' must start with A-Z, a-z or 0-9"
                    + " and hold only those and - : . / _ (RFC 8428 section 4.5.1)");
        }
        String unit = node.has("u") ? text(node, "u") : baseUnit;
        Double sum = node.has("s") || baseSum != null
                ? (baseSum == null ? 0 : baseSum) + (node.has("s") ? number(node, "s") : 0) : null;
        ValueKind kind = valueKind(node, sum != null);
        Double value = switch (kind) {
            case NUMBER -> baseValue + number(node, "v");
            case STRING -> {
                text(node, "vs");
                yield null;
            }
            case BOOLEAN -> {
                if (!node.get("vb").isBoolean()) {
                    throw new RecordRejected(RejectReason.MALFORMED_PAYLOAD, "'vb' must be true or false");
                }
                yield null;
            }
            case DATA -> {
                if (!BASE64URL.matcher(text(node, "vd")).matches()) {
                    throw new RecordRejected(RejectReason.MALFORMED_PAYLOAD, "'vd' must be base64 with the URL-safe alphabet and no padding");
                }
                yield null;
            }
            case NONE -> null;
        };
        if (node.has("ut")) {
            number(node, "ut");
        }
        Instant time = time(baseTime + (node.has("t") ? number(node, "t") : 0));
        return new SenmlRecord(index, name, SenmlCodec.metricName(name), value, kind, unit, time, sum);
    }

    private static ValueKind valueKind(JsonNode node, boolean hasSum) throws RecordRejected {
        ValueKind kind = ValueKind.NONE;
        int fields = 0;
        for (ValueKind candidate : List.of(ValueKind.NUMBER, ValueKind.STRING, ValueKind.BOOLEAN, ValueKind.DATA)) {
            if (node.has(candidate.label())) {
                kind = candidate;
                fields++;
            }
        }
        if (fields > 1) {
            throw new RecordRejected(RejectReason.MULTIPLE_VALUES, fields + " value fields; exactly one of v, vs, vb, vd"
                    + " may appear (RFC 8428 section 4.2)");
        }
        if (fields == 0 && !hasSum) {
            throw new RecordRejected(RejectReason.NO_VALUE, "no value: one of v, vs, vb, vd is required unless the record"
                    + " has a sum (RFC 8428 section 4.2)");
        }
        return kind;
    }

    /** Section 4.5.3: bt + t; below 2**28 (negative included) relative to now, else seconds since the epoch. */
    private Instant time(double seconds) throws RecordRejected {
        if (!Double.isFinite(seconds)) {
            throw new RecordRejected(RejectReason.MALFORMED_PAYLOAD, "time is not a finite number");
        }
        if (seconds < RELATIVE_TIME_LIMIT) {
            if (Math.abs(seconds) > MAX_RELATIVE_SECONDS) {
                throw new RecordRejected(seconds < 0 ? RejectReason.TIME_TOO_OLD : RejectReason.TIME_IN_FUTURE,
                        "relative time " + seconds + " s is centuries away from now");
            }
            return now.plusNanos(Math.round(seconds * 1e9));
        }
        if (seconds > MAX_ABSOLUTE_SECONDS) {
            throw new RecordRejected(RejectReason.TIME_IN_FUTURE, "time " + seconds + " s since the epoch is millennia ahead");
        }
        return SenmlCodec.epochSeconds(seconds);
    }

    private static String text(JsonNode node, String label) throws RecordRejected {
        JsonNode value = node.get(label);
        if (!value.isTextual()) {
            throw new RecordRejected(RejectReason.MALFORMED_PAYLOAD, "'" + label + "' must be a JSON string (RFC 8428 Table 2)");
        }
        return value.asText();
    }

    private static double number(JsonNode node, String label) throws RecordRejected {
        JsonNode value = node.get(label);
        if (!value.isNumber()) {
            throw new RecordRejected(RejectReason.MALFORMED_PAYLOAD, "'" + label + "' must be a JSON number (RFC 8428 Table 2)");
        }
        return value.asDouble();
    }

    private static String baseText(JsonNode node, String label, int index) throws SenmlException {
        JsonNode value = node.get(label);
        if (!value.isTextual()) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "record " + index + ": base field '" + label
                    + "' must be a JSON string (RFC 8428 Table 2)");
        }
        return value.asText();
    }

    private static double baseNumber(JsonNode node, String label, int index) throws SenmlException {
        JsonNode value = node.get(label);
        if (!value.isNumber()) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "record " + index + ": base field '" + label
                    + "' must be a JSON number (RFC 8428 Table 2)");
        }
        return value.asDouble();
    }

    /** Names go into rejection texts and logs: control characters are shown escaped, and long names cut. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 80 ? out + "…" : out.toString();
    }

    /** One record broke a rule: it is rejected, the rest of the pack is not. */
    private static final class RecordRejected extends Exception {
        private final RejectReason reason;

        RecordRejected(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
