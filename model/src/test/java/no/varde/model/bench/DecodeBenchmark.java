package no.varde.model.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import no.varde.model.MetricCatalogue;
import no.varde.model.senml.SenmlCodec;
import no.varde.model.validation.ReadingValidator;
import no.varde.model.validation.ValidationPolicy;
import no.varde.model.validation.ValidationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode and validate on one thread, as ingest does per message: messages/s for the simulator's
 * SenML pack (three records with a base name and time), for the bench's one-record message and
 * for the compact form. Run with {@code bin/bench-decode}; quote it as a ratio against another
 * build on the same machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeBenchmark {
    private final SenmlCodec codec = new SenmlCodec();
    private final ReadingValidator validator = new ReadingValidator(MetricCatalogue.standard(), ValidationPolicy.defaults());
    private final Instant now = Instant.now();
    private final byte[] pack = ("[{\"bn\":\"urn:dev:varde:water-nord-1:\",\"bt\":" + now.getEpochSecond()
            + ",\"n\":\"water.pressure\",\"u\":\"bar\",\"v\":4.12},{\"n\":\"water.flow\",\"u\":\"m3/h\",\"v\":38.5,\"t\":-1},"
            + "{\"n\":\"water.chlorine\",\"u\":\"mg/l\",\"v\":0.21}]").getBytes(StandardCharsets.UTF_8);
    private final byte[] compact = ("{\"t\":" + now.getEpochSecond() + ",\"air.pm2_5\":7.1,\"air.no2\":21.4,\"air.temperature\":-2.5}")
            .getBytes(StandardCharsets.UTF_8);

    /** What {@code varde bench} publishes: one record with a short name and an absolute time. */
    private final byte[] benchMessage = ("[{\"n\":\"air.no2\",\"v\":21.4,\"t\":" + now.getEpochSecond() + ".123456}]")
            .getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public ValidationResult senmlPack() throws Exception {
        return decodeAndValidate("water-nord-1", pack);
    }

    @Benchmark
    public ValidationResult benchMessage() throws Exception {
        return decodeAndValidate("load-00001", benchMessage);
    }

    @Benchmark
    public ValidationResult compactForm() throws Exception {
        return decodeAndValidate("air-sentrum-1", compact);
    }

    /** What ingest does with every message's payload before the hand-off to Kafka. */
    private ValidationResult decodeAndValidate(String deviceId, byte[] payload) throws Exception {
        return validator.validate(deviceId, codec.decode(payload, now), now);
    }
}
