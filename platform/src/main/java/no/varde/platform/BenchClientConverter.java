package no.varde.platform;

import no.varde.simulator.bench.BenchClient;
import picocli.CommandLine;

/** {@code --client vertx|paho} for the bench and the cost curve: an unknown name is a usage error, not a stack trace. */
public final class BenchClientConverter implements CommandLine.ITypeConverter<BenchClient> {
    @Override
    public BenchClient convert(String value) {
        try {
            return BenchClient.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
