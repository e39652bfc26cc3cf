package no.varde.model.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingBinary;
import no.varde.model.codec.ReadingJson;
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
 * A reading's trip through Kafka as ingest encodes it and the stream job decodes it: JSON (the
 * encoding before 2026-12) against the binary layout, on one thread. Run with
 * {@code bin/bench-decode ReadingCodecBenchmark}; quote the two as a ratio from the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReadingCodecBenchmark {
    private final Reading reading = new Reading("load-gw-07-s-0421", "air.no2", 27.3, "ug/m3", Instant.now(), Instant.now());
    private final byte[] json = ReadingJson.encode(reading);
    private final byte[] binary = ReadingBinary.encode(reading);

    @Benchmark
    public byte[] encodeJson() {
        return ReadingJson.encode(reading);
    }

    @Benchmark
    public byte[] encodeBinary() {
        return ReadingBinary.encode(reading);
    }

    @Benchmark
    public Reading decodeJson() {
        return ReadingJson.decode(json);
    }

    @Benchmark
    public Reading decodeBinary() {
        return ReadingBinary.decode(binary);
    }
}
