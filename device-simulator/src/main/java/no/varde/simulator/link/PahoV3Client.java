package no.varde.simulator.link;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** MQTT 3.1.1 through Paho's v3 client. */
final class PahoV3Client implements PahoClient {
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();

    PahoV3Client(LinkSettings settings, String clientId, String user, String password) throws MqttException {
        client = new MqttAsyncClient(settings.serverUri(), clientId, new MemoryPersistence());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        options.setMaxInflight(Math.max(10, settings.maxInFlight() * 2));
        options.setUserName(user);
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        if (settings.tls() != null) {
            options.setSocketFactory(settings.tls());
            options.setHttpsHostnameVerificationEnabled(false);
        }
    }

    @Override
    public void connect(Runnable connected, Consumer<Throwable> failed) {
        try {
            client.connect(options, null, listener(t -> connected.run(), failed));
        } catch (MqttException e) {
            failed.accept(e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, IntConsumer acked, Consumer<Throwable> failed) throws Exception {
        client.publish(topic, payload, 1, false, null, listener(t -> acked.accept(0), failed));
    }

    @Override
    public void onConnectionLost(Consumer<Throwable> handler) {
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                handler.accept(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Simulated devices subscribe to nothing.
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Completion is handled per publish by its listener.
            }
        });
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(2_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // Closing at the end of a run: nothing more to do with a client that will not close cleanly.
        }
    }

    private static IMqttActionListener listener(Consumer<IMqttToken> ok, Consumer<Throwable> failed) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                ok.accept(token);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                failed.accept(error);
            }
        };
    }
}
