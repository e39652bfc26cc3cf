package no.varde.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated measurement: the unit of everything Varde stores. Values are always in the
 * metric's canonical unit (see {@link MetricCatalogue}); the unit travels along so that a reader
 * never has to guess.
 *
 * @param deviceId    the device that measured it (the authenticated MQTT username)
 * @param metric      catalogue name, e.g. {@code water.pressure}
 * @param value       finite value in the canonical unit
 * @param unit        canonical unit of the metric
 * @param eventTime   when the device measured it
 * @param receiveTime when Varde's ingest received it
 */
public record Reading(String deviceId, String metric, double value, String unit,
                      Instant eventTime, Instant receiveTime) {
    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(receiveTime, "receiveTime");
    }
}
