package no.varde.ingest.fuzz;

import java.util.Optional;
import no.varde.ingest.mqtt.PublishTopic;

/** MQTT topic names: parsed into whose telemetry or status it is, and back to the same name. */
public final class TopicTarget {
    private TopicTarget() {
    }

    /** Jazzer calls this once before fuzzing: class loading and instrumentation happen here, not inside the first input's timeout. */
    public static void fuzzerInitialize() {
        ParserInvariants.warmUp(TopicTarget::fuzzerTestOneInput);
    }

    public static void fuzzerTestOneInput(byte[] bytes) {
        String topic = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        Optional<PublishTopic> parsed = PublishTopic.parse(topic);
        parsed.ifPresent(p -> {
            ParserInvariants.require(!p.deviceId().isEmpty() && !p.deviceId().contains("/"), "a device id with a slash: " + p);
            String again = p.gatewayId() != null ? PublishTopic.gatewayTelemetry(p.gatewayId(), p.deviceId())
                    : p.kind() == PublishTopic.Kind.STATUS ? PublishTopic.statusOf(p.deviceId()) : PublishTopic.telemetryOf(p.deviceId());
            ParserInvariants.require(again.equals(topic), "parse and format disagree: " + topic + " -> " + again);
        });
    }
}
