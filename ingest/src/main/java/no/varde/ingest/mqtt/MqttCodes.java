package no.varde.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import no.varde.ingest.IngestStatus;

/**
 * The one place where ingest outcomes become MQTT codes, for MQTT 3.1.1 and MQTT 5 alike.
 * (HTTP statuses live on {@link IngestStatus} itself.)
 */
public final class MqttCodes {
    static final int MQTT_5 = 5;
    /** Long enough for a useful sentence, short enough for small devices' buffers. */
    private static final int MAX_REASON_LENGTH = 256;

    private MqttCodes() {
    }

    public static MqttConnectReturnCode connack(IngestStatus status, int protocolVersion) {
        boolean v5 = protocolVersion >= MQTT_5;
        return switch (status) {
            case BAD_CREDENTIALS -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case QUOTA_EXCEEDED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            case UNAVAILABLE, BAD_PAYLOAD, PAYLOAD_TOO_LARGE -> v5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }

    /** MQTT 5 PUBACK reason; {@code null} status means success. */
    public static MqttPubAckReasonCode puback(IngestStatus status) {
        if (status == null) {
            return MqttPubAckReasonCode.SUCCESS;
        }
        return switch (status) {
            case NOT_AUTHORIZED, BAD_CREDENTIALS -> MqttPubAckReasonCode.NOT_AUTHORIZED;
            case BAD_PAYLOAD, PAYLOAD_TOO_LARGE -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
            case QUOTA_EXCEEDED -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
            case UNAVAILABLE -> MqttPubAckReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /** MQTT 5 PUBREC reason (QoS 2); same meaning as {@link #puback}. */
    public static MqttPubRecReasonCode pubrec(IngestStatus status) {
        if (status == null) {
            return MqttPubRecReasonCode.SUCCESS;
        }
        return switch (status) {
            case NOT_AUTHORIZED, BAD_CREDENTIALS -> MqttPubRecReasonCode.NOT_AUTHORIZED;
            case BAD_PAYLOAD, PAYLOAD_TOO_LARGE -> MqttPubRecReasonCode.PAYLOAD_FORMAT_INVALID;
            case QUOTA_EXCEEDED -> MqttPubRecReasonCode.QUOTA_EXCEEDED;
            case UNAVAILABLE -> MqttPubRecReasonCode.UNSPECIFIED_ERROR;
        };
    }

    public static MqttProperties reasonString(String reason) {
        MqttProperties properties = new MqttProperties();
        String text = reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH - 3) + "...";
        properties.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), text));
        return properties;
    }
}
