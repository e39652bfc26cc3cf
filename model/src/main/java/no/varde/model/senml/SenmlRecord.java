package no.varde.model.senml;

import java.time.Instant;

/**
 * One SenML record with the base fields already applied (RFC 8428 section 4.6, "resolved").
 *
 * @param index      position in the pack, so that rejections can point at it
 * @param name       full name (base name + name)
 * @param metricName the catalogue name: the part of {@code name} after the last ':' or '/',
 *                   so both {@code water.pressure} and {@code urn:dev:id:w-1:water.pressure} work
 * @param value      numeric value, or null when the record carried none (or a string/boolean)
 * @param unit       unit, or null when neither the record nor the base gave one
 * @param time       absolute time, or null when neither the record nor the base gave one
 */
public record SenmlRecord(int index, String name, String metricName, Double value, String unit, Instant time) {
}
