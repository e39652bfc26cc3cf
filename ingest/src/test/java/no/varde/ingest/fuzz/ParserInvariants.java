package no.varde.ingest.fuzz;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.senml.SenmlPack;
import no.varde.model.senml.SenmlRecord;
import no.varde.model.validation.ReadingValidator;
import no.varde.model.validation.Rejection;
import no.varde.model.validation.ValidationPolicy;
import no.varde.model.validation.ValidationResult;

/**
 * What every parser's output must satisfy, whatever the input: each accepted reading passes
 * validation (known metric, canonical unit, finite and plausible, time inside the window), each
 * rejection has a reason and a sentence, and every record is accounted for (accepted or rejected,
 * never dropped silently). A broken invariant is an {@link AssertionError}: Jazzer reports it as a finding.
 */
final class ParserInvariants {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final MetricCatalogue CATALOGUE = MetricCatalogue.standard();
    static final ValidationPolicy POLICY = ValidationPolicy.defaults();
    static final ReadingValidator VALIDATOR = new ReadingValidator(CATALOGUE, POLICY);

    private ParserInvariants() {
    }

    static ValidationResult check(SenmlPack pack) {
        ValidationResult result = VALIDATOR.validate("fuzz-1", pack, NOW);
        for (Reading reading : result.accepted()) {
            Metric metric = CATALOGUE.find(reading.metric()).orElseThrow(() -> new AssertionError("unknown metric accepted: " + reading));
            require(metric.unit().equals(reading.unit()), "not in the canonical unit: " + reading);
            require(Double.isFinite(reading.value()) && metric.isPlausible(reading.value()), "implausible value accepted: " + reading);
            require(!reading.eventTime().isAfter(NOW.plus(POLICY.maxFutureSkew()))
                    && !reading.eventTime().isBefore(NOW.minus(POLICY.maxAge())), "time outside the window accepted: " + reading);
        }
        Set<Integer> rejected = new HashSet<>();
        for (Rejection rejection : result.rejections()) {
            rejection(rejection);
            rejected.add(rejection.recordIndex());
        }
        List<SenmlRecord> records = pack.records();
        long unrejected = records.stream().filter(r -> !rejected.contains(r.index())).count();
        require(result.accepted().size() >= unrejected, "a record was neither accepted nor rejected: " + records + " " + result);
        require(result.accepted().size() <= records.size(), "more readings than records");
        Set<Integer> indices = new HashSet<>();
        for (SenmlRecord record : records) {
            require(indices.add(record.index()), "two records share index " + record.index());
            require(record.time() != null, "a resolved record without time: " + record);
        }
        for (int i = 1; i < records.size(); i++) {
            require(!records.get(i).time().isBefore(records.get(i - 1).time()), "resolved records out of chronological order");
        }
        return result;
    }

    static void rejection(Rejection rejection) {
        require(rejection.reason() != null, "a rejection without reason");
        require(rejection.detail() != null && !rejection.detail().isBlank(), "a rejection without a sentence: " + rejection);
        require(rejection.recordIndex() >= -1, "a negative record index: " + rejection);
    }

    /** Runs a target on a few typical inputs so that the classes it needs are loaded before fuzzing starts. */
    static void warmUp(java.util.function.Consumer<byte[]> target) {
        for (String input : List.of("", "[{\"bn\":\"w:\",\"bt\":1.7e9,\"n\":\"water.ph\",\"v\":7}]", "{\"air.no2\":3}",
                "up\n\u0001{\"deviceInfo\":{\"devEui\":\"01\"},\"object\":{\"temperature\":\"1.5\"},\"rxInfo\":[{\"rssi\":-1}]}",
                "\n\u0001{\"end_device_ids\":{\"dev_eui\":\"01\"},\"uplink_message\":{\"decoded_payload\":{\"ph\":7}}}",
                "Basic aC0xOnNlY3JldA==\nh-1\n[]", "sensors/w-1/telemetry")) {
            target.accept(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
