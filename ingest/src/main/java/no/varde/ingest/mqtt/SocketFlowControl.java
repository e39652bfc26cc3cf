package no.varde.ingest.mqtt;

import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses and resumes reading from a device's socket: the only backpressure MQTT 3.1.1 has (TCP
 * flow control), and a second line behind MQTT 5's receive maximum. vertx-mqtt 5 has no public
 * pause on an endpoint, so this reaches the endpoint's socket by reflection, in this one place;
 * if that ever fails (a changed vertx-mqtt), it logs once and flow control falls back to refusing
 * messages Kafka cannot take (the connection closes and the device resends).
 */
final class SocketFlowControl {
    private static final Logger LOG = LoggerFactory.getLogger(SocketFlowControl.class);
    private static final Field CONNECTION = connectionField();

    private SocketFlowControl() {
    }

    private static Field connectionField() {
        try {
            Field field = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Cannot reach MQTT sockets to pause them ({}); backpressure falls back to refusing messages", e.toString());
            return null;
        }
    }

    /** The endpoint's socket, or null when it cannot be reached. */
    static NetSocket socketOf(MqttEndpoint endpoint) {
        if (CONNECTION == null || !CONNECTION.getDeclaringClass().isInstance(endpoint)) {
            return null;
        }
        try {
            return (NetSocket) CONNECTION.get(endpoint);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
