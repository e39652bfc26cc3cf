package no.varde.alerting.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import no.varde.alerting.config.ChannelSettings;
import no.varde.alerting.config.ConfigNode;
import no.varde.alerting.message.MessageText;
import no.varde.alerting.residents.Secrets;

/**
 * Webhooks: generic JSON (the whole structured message, with {@code X-Varde-Signature} when a
 * signing secret is set), Slack (Block Kit with link buttons) and Microsoft Teams (an Adaptive
 * Card, as Teams workflows accept). Each request carries {@code Idempotency-Key} so a receiver can
 * drop the rare second delivery after a crash between sending and recording it.
 */
public final class WebhookChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final java.util.Set<String> FORMATS = java.util.Set.of("json", "slack", "teams");

    private final String name;
    private final URI url;
    private final String format;
    private final Map<String, String> headers = new HashMap<>();
    private final byte[] signingKey;
    private final HttpPost http;

    public WebhookChannel(ChannelSettings settings) {
        ConfigNode o = settings.options();
        this.name = settings.name();
        this.url = URI.create(o.get("url").text());
        this.format = o.get("format").text("json");
        if (!FORMATS.contains(format)) {
            throw o.get("format").error("format must be json, slack or teams");
        }
        o.get("headers").entries().forEach((k, v) -> headers.put(k, v.text()));
        String secret = o.get("signing_secret").text(null);
        this.signingKey = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.http = new HttpPost(settings.timeout());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public CompletableFuture<Void> send(Delivery d) {
        String body = switch (format) {
            case "slack" -> slack(d).toString();
            case "teams" -> teams(d).toString();
            default -> json(d).toString();
        };
        Map<String, String> h = new HashMap<>(headers);
        h.put("Idempotency-Key", "varde-notification-" + d.notification().id());
        if (signingKey != null) {
            h.put("X-Varde-Signature", "sha256=" + HexFormat.of().formatHex(Secrets.hmac(signingKey, body.getBytes(StandardCharsets.UTF_8))));
        }
        return http.send("POST", url, h, "application/json", body);
    }

    static ObjectNode json(Delivery d) {
        ObjectNode out = JSON.createObjectNode();
        out.put("notification_id", d.notification().id());
        out.put("purpose", d.notification().purpose());
        out.put("triggered_at", d.notification().triggeredAt().toString());
        out.put("sent_at", Instant.now().toString());
        out.put("headline", MessageText.headline(d.notification().message()));
        out.set("alert", d.notification().message());
        if (d.acknowledgeUrl() != null) {
            out.putObject("links").put("acknowledge", d.acknowledgeUrl());
        }
        return out;
    }

    static ObjectNode slack(Delivery d) {
        ObjectNode m = d.notification().message();
        ObjectNode out = JSON.createObjectNode();
        out.put("text", MessageText.headline(m));
        ArrayNode blocks = out.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text").put("text", truncate(MessageText.headline(m), 150));
        StringBuilder body = new StringBuilder();
        if (m.has("what")) {
            body.append(m.path("what").asText()).append("\n");
        }
        for (String[] f : MessageText.facts(m)) {
            body.append("*").append(f[0]).append(":* ").append(f[1]).append("\n");
        }
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", truncate(body.toString(), 2900));
        ArrayNode buttons = JSON.createArrayNode();
        if (d.acknowledgeUrl() != null) {
            buttons.addObject().put("type", "button").put("url", d.acknowledgeUrl()).put("style", "primary")
                    .putObject("text").put("type", "plain_text").put("text", "Acknowledge");
        }
        if (m.has("dashboard_url")) {
            buttons.addObject().put("type", "button").put("url", m.path("dashboard_url").asText())
                    .putObject("text").put("type", "plain_text").put("text", "Dashboard");
        }
        if (!buttons.isEmpty()) {
            blocks.addObject().put("type", "actions").set("elements", buttons);
        }
        return out;
    }

    static ObjectNode teams(Delivery d) {
        ObjectNode m = d.notification().message();
        ObjectNode out = JSON.createObjectNode().put("type", "message");
        ObjectNode card = out.putArray("attachments").addObject().put("contentType", "application/vnd.microsoft.card.adaptive")
                .putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json").put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("size", "Large").put("weight", "Bolder").put("wrap", true)
                .put("text", MessageText.headline(m));
        if (m.has("what")) {
            body.addObject().put("type", "TextBlock").put("wrap", true).put("text", m.path("what").asText());
        }
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        for (String[] f : MessageText.facts(m)) {
            facts.addObject().put("title", f[0]).put("value", f[1]);
        }
        ArrayNode actions = card.putArray("actions");
        if (d.acknowledgeUrl() != null) {
            actions.addObject().put("type", "Action.OpenUrl").put("title", "Acknowledge").put("url", d.acknowledgeUrl());
        }
        if (m.has("dashboard_url")) {
            actions.addObject().put("type", "Action.OpenUrl").put("title", "Dashboard").put("url", m.path("dashboard_url").asText());
        }
        return out;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
