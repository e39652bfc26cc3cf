package no.varde.ingest.fuzz;

import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.auth.DeviceCredentials;
import no.varde.model.senml.SenmlCodec;
import no.varde.model.senml.SenmlException;

/**
 * {@code POST /api/v1/telemetry} as its handler reads a request: the Basic authorization header
 * (credentials extracted; a bad header is the handler's 401), the {@code device} parameter, and the
 * body decoded and validated like MQTT's.
 */
public final class HttpTelemetryTarget {
    private static final SenmlCodec CODEC = new SenmlCodec();

    private HttpTelemetryTarget() {
    }

    /** Framed input: the Authorization header's line (none: no header), the device parameter's line, then the body. */
    /** Jazzer calls this once before fuzzing: class loading and instrumentation happen here, not inside the first input's timeout. */
    public static void fuzzerInitialize() {
        ParserInvariants.warmUp(HttpTelemetryTarget::fuzzerTestOneInput);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        FramedInput in = new FramedInput(input);
        String authorization = in.line();
        String device = in.line();
        byte[] body = in.rest();
        try {
            DeviceCredentials credentials = DeviceCredentials.fromBasicAuth(authorization);
            ParserInvariants.require(!credentials.deviceId().isEmpty(), "credentials without a device id");
            ParserInvariants.require(credentials.toString().endsWith(", token=***]"), "the token shows in toString");
            ParserInvariants.require(credentials.deviceId().equals(DeviceCredentials.claimedIdFromBasicAuth(authorization)),
                    "the claimed id differs from the credentials' one");
        } catch (IngestException e) {
            ParserInvariants.require(e.status() == IngestStatus.BAD_CREDENTIALS && !e.getMessage().isBlank(),
                    "a refused header without a reason");
            ParserInvariants.require(DeviceCredentials.claimedIdFromBasicAuth(authorization) == null, "a claimed id for a refused header");
        }
        ParserInvariants.require(device == null || !device.contains("\n"), "a parameter with a newline");
        try {
            ParserInvariants.check(CODEC.decode(body, ParserInvariants.NOW));
        } catch (SenmlException e) {
            ParserInvariants.rejection(e.toRejection());
        }
    }
}
