package no.varde.ingest.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The fuzz targets as Jazzer JUnit tests. In a normal build ({@code mvn verify}) each runs its
 * seeds and every input a fuzz campaign found to crash, kept under
 * {@code src/test/resources/no/varde/ingest/fuzz/ParserFuzzTestInputs/<method>/}; {@code bin/fuzz}
 * fuzzes each target coverage-guided with Jazzer's driver.
 */
class ParserFuzzTest {
    @FuzzTest
    void senml(byte[] payload) {
        SenmlTarget.fuzzerTestOneInput(payload);
    }

    @FuzzTest
    void compact(byte[] payload) {
        SenmlTarget.fuzzerTestOneInput(payload);
    }

    @FuzzTest
    void chirpStack(byte[] input) {
        NetworkServerTargets.ChirpStack.fuzzerTestOneInput(input);
    }

    @FuzzTest
    void theThingsStack(byte[] input) {
        NetworkServerTargets.TheThingsStack.fuzzerTestOneInput(input);
    }

    @FuzzTest
    void httpTelemetry(byte[] input) {
        HttpTelemetryTarget.fuzzerTestOneInput(input);
    }

    @FuzzTest
    void topic(byte[] topic) {
        TopicTarget.fuzzerTestOneInput(topic);
    }
}
