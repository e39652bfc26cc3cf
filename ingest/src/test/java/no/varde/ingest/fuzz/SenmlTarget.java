package no.varde.ingest.fuzz;

import no.varde.model.senml.SenmlCodec;
import no.varde.model.senml.SenmlException;

/** SenML JSON and the compact form, as MQTT and HTTP devices send them: decode, then validate. */
public final class SenmlTarget {
    private static final SenmlCodec CODEC = new SenmlCodec();

    private SenmlTarget() {
    }

    /** Jazzer calls this once before fuzzing: class loading and instrumentation happen here, not inside the first input's timeout. */
    public static void fuzzerInitialize() {
        ParserInvariants.warmUp(SenmlTarget::fuzzerTestOneInput);
    }

    public static void fuzzerTestOneInput(byte[] payload) {
        try {
            ParserInvariants.check(CODEC.decode(payload, ParserInvariants.NOW));
        } catch (SenmlException e) {
            ParserInvariants.rejection(e.toRejection());
        }
    }
}
