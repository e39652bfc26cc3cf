package no.varde.model.validation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.UnitConversion;
import no.varde.model.senml.SenmlPack;
import no.varde.model.senml.SenmlRecord;

/**
 * Turns decoded SenML records into readings: known metric, accepted unit (converted to the
 * canonical one), finite value inside the plausible range, timestamp inside the policy's window.
 * A bad record never spoils the good ones of the same message.
 */
public final class ReadingValidator {
    private final MetricCatalogue catalogue;
    private final ValidationPolicy policy;

    public ReadingValidator(MetricCatalogue catalogue, ValidationPolicy policy) {
        this.catalogue = catalogue;
        this.policy = policy;
    }

    /** Validates a decoded pack; the records the format already rejected are reported with the others, by index. */
    public ValidationResult validate(String deviceId, SenmlPack pack, Instant receiveTime) {
        ValidationResult checked = validate(deviceId, pack.records(), receiveTime);
        if (pack.rejections().isEmpty()) {
            return checked;
        }
        List<Rejection> all = new ArrayList<>(pack.rejections());
        all.addAll(checked.rejections());
        all.sort(Comparator.comparingInt(Rejection::recordIndex));
        return new ValidationResult(checked.accepted(), all);
    }

    public ValidationResult validate(String deviceId, List<SenmlRecord> records, Instant receiveTime) {
        List<Reading> accepted = new ArrayList<>(records.size());
        List<Rejection> rejections = new ArrayList<>();
        for (SenmlRecord record : records) {
            Instant eventTime = record.time() != null ? record.time() : receiveTime;
            if (record.sum() != null) {
                // The value (if any) is still stored; only the sum is refused, and said so.
                rejections.add(new Rejection(RejectReason.SUM_NOT_STORED, record.index(), "the record's sum (s, bs) = "
                        + record.sum() + " is not stored: Varde keeps values, not integrated sums"));
                if (record.kind() == SenmlRecord.ValueKind.NONE) {
                    continue;
                }
            }
            check(record, eventTime, receiveTime).ifPresentOrElse(rejections::add, () -> {
                Metric metric = catalogue.find(record.metricName()).orElseThrow();
                double canonical = metric.conversionFrom(record.unit()).orElseThrow().toCanonical(record.value());
                accepted.add(new Reading(deviceId, metric.name(), canonical, metric.unit(), eventTime, receiveTime));
            });
        }
        return new ValidationResult(accepted, rejections);
    }

    private Optional<Rejection> check(SenmlRecord record, Instant eventTime, Instant receiveTime) {
        int index = record.index();
        Optional<Metric> metric = catalogue.find(record.metricName());
        if (metric.isEmpty()) {
            return reject(RejectReason.UNKNOWN_METRIC, index, "unknown metric '" + record.metricName() + "'");
        }
        if (record.value() == null) {
            return reject(RejectReason.NOT_NUMERIC, index, record.kind() == SenmlRecord.ValueKind.NONE
                    ? "record has no numeric value 'v'"
                    : "record carries a " + record.kind().name().toLowerCase(java.util.Locale.ROOT) + " value ('"
                    + record.kind().label() + "'); " + metric.get().name() + " takes a number ('v')");
        }
        Optional<UnitConversion> conversion = metric.get().conversionFrom(record.unit());
        if (conversion.isEmpty()) {
            return reject(RejectReason.UNSUPPORTED_UNIT, index, "unit '" + record.unit() + "' is not accepted for "
                    + metric.get().name() + " (canonical unit " + metric.get().unit() + ")");
        }
        double value = conversion.get().toCanonical(record.value());
        if (!Double.isFinite(value)) {
            return reject(RejectReason.NOT_FINITE, index, "value is not a finite number");
        }
        if (!metric.get().isPlausible(value)) {
            return reject(RejectReason.OUT_OF_RANGE, index, metric.get().name() + " = " + value + " " + metric.get().unit()
                    + " is outside the plausible range [" + metric.get().min() + ", " + metric.get().max() + "]");
        }
        if (eventTime.isAfter(receiveTime.plus(policy.maxFutureSkew()))) {
            return reject(RejectReason.TIME_IN_FUTURE, index, "timestamp " + eventTime + " is more than "
                    + policy.maxFutureSkew() + " ahead of the server clock");
        }
        if (eventTime.isBefore(receiveTime.minus(policy.maxAge()))) {
            return reject(RejectReason.TIME_TOO_OLD, index, "timestamp " + eventTime + " is older than " + policy.maxAge());
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectReason reason, int index, String detail) {
        return Optional.of(new Rejection(reason, index, detail));
    }
}
