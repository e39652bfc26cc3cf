package no.varde.simulator.link;

/** The MQTT protocol a simulated device speaks. */
public enum MqttVersion {
    V3_1_1, V5;

    public static MqttVersion fromFlag(String text) {
        return switch (text.strip()) {
            case "3", "3.1.1", "v3", "311" -> V3_1_1;
            case "5", "v5", "5.0" -> V5;
            default -> throw new IllegalArgumentException("MQTT version must be 3.1.1 or 5, not '" + text + "'");
        };
    }
}
