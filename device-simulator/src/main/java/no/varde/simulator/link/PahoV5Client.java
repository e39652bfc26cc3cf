package no.varde.simulator.link;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** MQTT 5 through Paho's v5 client; PUBACK reason codes reach the link. */
final class PahoV5Client implements PahoClient {
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();

    PahoV5Client(LinkSettings settings, String clientId, String user, String password) throws MqttException {
        client = new MqttAsyncClient(settings.serverUri(), clientId, new MemoryPersistence());
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        options.setUserName(user);
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
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
        client.publish(topic, new MqttMessage(payload, 1, false, null), null, listener(token -> {
            int[] codes = token.getReasonCodes();
            acked.accept(codes != null && codes.length > 0 ? codes[0] : 0);
        }, failed));
    }

    @Override
    public void onConnectionLost(Consumer<Throwable> handler) {
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                handler.accept(response.getException());
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // Protocol errors end in disconnected(); nothing else to do here.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Simulated devices subscribe to nothing.
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Completion is handled per publish by its listener.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // The link learns of connections from its connect listener.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication.
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

    private static MqttActionListener listener(Consumer<IMqttToken> ok, Consumer<Throwable> failed) {
        return new MqttActionListener() {
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
