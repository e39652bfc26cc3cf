package no.varde.model.senml;

import java.time.Instant;

/**
 * One SenML record with the base fields already applied (RFC 8428 section 4.6, "resolved").
 *
 * @param index      position in the pack, so that rejections can point at it
 * @param name       full name (base name + name)
 * @param metricName the catalogue name: the part of {@code name} after the last ':' or '/',
 *                   so both {@code water.pressure} and {@code urn:dev:id:w-1:water.pressure} work
 * @param value      the numeric value ({@code bv + v}), or null when the record carried another kind
 * @param kind       which value field the record carried ({@link ValueKind#NONE} when only a sum)
 * @param unit       unit, or null when neither the record nor the base gave one
 * @param time       absolute time ({@code bt + t}, relative ones resolved against "now")
 * @param sum        the resolved sum ({@code bs + s}), or null when neither was present
 */
public record SenmlRecord(int index, String name, String metricName, Double value, ValueKind kind, String unit,
                          Instant time, Double sum) {

    /** The value field a record carried: exactly one of them, or none when it carries a sum (RFC 8428 section 4.2). */
    public enum ValueKind {
        NUMBER("v"), STRING("vs"), BOOLEAN("vb"), DATA("vd"), NONE("-");

        private final String label;

        ValueKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A numeric record without a sum (the compact form, integrations, tests). */
    public SenmlRecord(int index, String name, String metricName, Double value, String unit, Instant time) {
        this(index, name, metricName, value, value == null ? ValueKind.NONE : ValueKind.NUMBER, unit, time, null);
    }
}
