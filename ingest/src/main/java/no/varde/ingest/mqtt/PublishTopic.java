package no.varde.ingest.mqtt;

import java.util.Optional;

/**
 * The topics devices publish on, parsed:
 * <ul>
 *   <li>{@code sensors/{deviceId}/telemetry}: readings of that device</li>
 *   <li>{@code sensors/{deviceId}/status}: the device's own status (and its MQTT will)</li>
 *   <li>{@code gateways/{gatewayId}/sensors/{deviceId}/telemetry}: readings a gateway forwards
 *       for a device assigned to it</li>
 * </ul>
 *
 * @param gatewayId null unless published through a gateway
 */
public record PublishTopic(Kind kind, String gatewayId, String deviceId) {
    public enum Kind { TELEMETRY, STATUS }

    public static Optional<PublishTopic> parse(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        String[] p = topic.split("/", -1);
        if (p.length == 3 && p[0].equals("sensors") && !p[1].isEmpty()) {
            return switch (p[2]) {
                case "telemetry" -> Optional.of(new PublishTopic(Kind.TELEMETRY, null, p[1]));
                case "status" -> Optional.of(new PublishTopic(Kind.STATUS, null, p[1]));
                default -> Optional.empty();
            };
        }
        if (p.length == 5 && p[0].equals("gateways") && p[2].equals("sensors") && p[4].equals("telemetry")
                && !p[1].isEmpty() && !p[3].isEmpty()) {
            return Optional.of(new PublishTopic(Kind.TELEMETRY, p[1], p[3]));
        }
        return Optional.empty();
    }

    public static String telemetryOf(String deviceId) {
        return "sensors/" + deviceId + "/telemetry";
    }

    public static String statusOf(String deviceId) {
        return "sensors/" + deviceId + "/status";
    }

    public static String gatewayTelemetry(String gatewayId, String deviceId) {
        return "gateways/" + gatewayId + "/sensors/" + deviceId + "/telemetry";
    }
}
