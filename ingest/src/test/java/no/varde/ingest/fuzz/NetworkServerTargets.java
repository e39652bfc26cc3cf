package no.varde.ingest.fuzz;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import no.varde.ingest.lorawan.ChirpStackFormat;
import no.varde.ingest.lorawan.FieldMapping;
import no.varde.ingest.lorawan.LoraWanUplink;
import no.varde.ingest.lorawan.NetworkServerEvent;
import no.varde.ingest.lorawan.NetworkServerFormat;
import no.varde.ingest.lorawan.TheThingsStackFormat;
import no.varde.ingest.lorawan.UplinkMapper;
import no.varde.model.DeviceKind;
import no.varde.storage.Device;

/**
 * A network server's webhook body as the integration handler reads it: JSON (a body that is not a
 * JSON object is the handler's 400), classified, and an uplink mapped by the device's model and
 * kind and validated.
 */
final class NetworkServerTargets {
    private static final FieldMapping MAPPING = FieldMapping.standard();
    private static final UplinkMapper MAPPER = new UplinkMapper(ParserInvariants.CATALOGUE);
    private static final String[] MODELS = {null, "Dragino LSN50v2-S31", "Decentlab DL-PR26", "Ezurio RS26x", "Milesight EM500-SWL"};

    private NetworkServerTargets() {
    }

    /**
     * The input is framed so that seeds are plain files: the {@code event} parameter up to the first
     * newline (none: no parameter), one byte choosing the device's kind and model, then the body.
     */
    static void run(NetworkServerFormat format, byte[] input) {
        FramedInput in = new FramedInput(input);
        String event = in.line();
        int choice = in.nextByte();
        DeviceKind kind = new DeviceKind[] {DeviceKind.WATER, DeviceKind.AIR, DeviceKind.TRAFFIC}[Math.floorMod(choice, 3)];
        String model = MODELS[Math.floorMod(choice / 3, MODELS.length)];
        byte[] body = in.rest();
        JsonObject json;
        try {
            json = new JsonObject(Buffer.buffer(body));
        } catch (DecodeException | ClassCastException e) {
            return;
        }
        NetworkServerEvent classified = format.classify(event, json);
        ParserInvariants.require(classified != null, "no classification");
        if (classified instanceof NetworkServerEvent.Refused refused) {
            ParserInvariants.require(refused.reason() != null && !refused.message().isBlank(), "a refusal without reason");
        } else if (classified instanceof NetworkServerEvent.Other other) {
            ParserInvariants.require(other.event() != null && !other.event().isBlank(), "an event without a name");
        } else if (classified instanceof NetworkServerEvent.Uplink found) {
            LoraWanUplink uplink = found.uplink();
            ParserInvariants.require(uplink.devEui() != null && uplink.radio() != null, "an uplink without DevEUI or radio report");
            Device device = Device.of("fuzz-1", kind, "Sentrum").withModel(model, Map.of());
            ParserInvariants.check(MAPPER.map(MAPPING.select(device, uplink.profile()), uplink.decoded(),
                    uplink.time() != null ? uplink.time() : ParserInvariants.NOW));
        }
    }

    /** ChirpStack v4's HTTP integration. */
    public static final class ChirpStack {
        private static final ChirpStackFormat FORMAT = new ChirpStackFormat();

        private ChirpStack() {
        }

        public static void fuzzerInitialize() {
            ParserInvariants.warmUp(ChirpStack::fuzzerTestOneInput);
        }

        public static void fuzzerTestOneInput(byte[] input) {
            run(FORMAT, input);
        }
    }

    /** The Things Stack's webhook and event stream. */
    public static final class TheThingsStack {
        private static final TheThingsStackFormat FORMAT = new TheThingsStackFormat();

        private TheThingsStack() {
        }

        public static void fuzzerInitialize() {
            ParserInvariants.warmUp(TheThingsStack::fuzzerTestOneInput);
        }

        public static void fuzzerTestOneInput(byte[] input) {
            run(FORMAT, input);
        }
    }
}
