package no.varde.ingest.mqtt;

/**
 * The MQTT topics devices publish on. A device may publish only on its own topics:
 * {@code sensors/{deviceId}/telemetry}.
 */
public final class TelemetryTopic {
    private static final String PREFIX = "sensors/";
    private static final String TELEMETRY_SUFFIX = "/telemetry";

    private TelemetryTopic() {
    }

    public static String of(String deviceId) {
        return PREFIX + deviceId + TELEMETRY_SUFFIX;
    }

    /** True when {@code topic} is exactly the telemetry topic of {@code deviceId}. */
    public static boolean isTelemetryOf(String topic, String deviceId) {
        return topic != null && topic.equals(of(deviceId));
    }
}
