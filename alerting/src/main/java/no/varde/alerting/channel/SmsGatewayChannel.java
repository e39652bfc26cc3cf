package no.varde.alerting.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import no.varde.alerting.config.ChannelSettings;
import no.varde.alerting.config.ConfigNode;
import no.varde.alerting.message.MessageText;

/**
 * SMS through a provider's HTTP API. Norwegian providers differ only in URL, authentication
 * header and body shape, so all three are configuration: {@code body} is a template with
 * {to} {text} {sender} (raw), {to_json} {text_json} (JSON string literals) and {to_url}
 * {text_url} (form-encoded). The number is filled in at sending time and never logged.
 */
public final class SmsGatewayChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI url;
    private final String method;
    private final String contentType;
    private final String body;
    private final String sender;
    private final String fixedTo;
    private final Map<String, String> headers = new HashMap<>();
    private final HttpPost http;

    public SmsGatewayChannel(ChannelSettings settings) {
        ConfigNode o = settings.options();
        this.name = settings.name();
        this.url = URI.create(o.get("url").text());
        this.method = o.get("method").text("POST");
        this.contentType = o.get("content_type").text("application/json");
        this.body = o.get("body").text("{\"to\": {to_json}, \"message\": {text_json}, \"sender\": \"{sender}\"}");
        this.sender = o.get("sender").text("Varde");
        this.fixedTo = o.get("to").text(null);
        o.get("headers").entries().forEach((k, v) -> headers.put(k, v.text()));
        this.http = new HttpPost(settings.timeout());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "sms";
    }

    @Override
    public CompletableFuture<Void> send(Delivery d) {
        String to = d.address() != null ? d.address() : fixedTo;
        if (to == null) {
            return CompletableFuture.failedFuture(new DeliveryException("no phone number for this recipient", true));
        }
        String text = MessageText.sms(d);
        String filled = body.replace("{to_json}", quote(to)).replace("{text_json}", quote(text))
                .replace("{to_url}", URLEncoder.encode(to, StandardCharsets.UTF_8)).replace("{text_url}", URLEncoder.encode(text, StandardCharsets.UTF_8))
                .replace("{sender}", sender).replace("{to}", to).replace("{text}", text);
        Map<String, String> h = new HashMap<>(headers);
        h.put("Idempotency-Key", "varde-notification-" + d.notification().id());
        return http.send(method, url, h, contentType, filled);
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
