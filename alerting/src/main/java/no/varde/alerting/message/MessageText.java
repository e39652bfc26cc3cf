package no.varde.alerting.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import no.varde.alerting.channel.Delivery;

/** Lays a stored message out as text: short for SMS, full for e-mail and chat. */
public final class MessageText {
    private MessageText() {
    }

    public static String headline(ObjectNode m) {
        if (m.has("text")) {
            return m.path("subject").asText();
        }
        String prefix = switch (m.path("purpose").asText()) {
            case "resolved" -> "RESOLVED";
            case "escalated" -> "ESCALATED";
            case "reminder" -> "REMINDER";
            case "grouped" -> "UPDATE";
            case "severity" -> "RAISED";
            default -> m.path("severity").asText().toUpperCase(Locale.ROOT);
        };
        String count = m.path("occurrences").asInt(1) > 1 ? " — " + m.path("occurrences").asInt() + " anomalies, "
                + m.path("device_count").asInt() + " devices" : "";
        return "[" + prefix + "] " + m.path("title").asText() + count;
    }

    /** Value against expected, with unit: "1.50 bar (expected 2.00–6.00 bar)". */
    public static String value(ObjectNode m) {
        if (!m.has("observed")) {
            return null;
        }
        String unit = m.has("unit") ? " " + m.path("unit").asText() : "";
        String v = number(m.path("observed")) + unit;
        if (m.has("expected_low") || m.has("expected_high")) {
            v += " (expected " + (m.has("expected_low") ? number(m.path("expected_low")) : "…") + "–"
                    + (m.has("expected_high") ? number(m.path("expected_high")) : "…") + unit + ")";
        }
        return v;
    }

    /** Lines of "label: value", for e-mail and chat cards. */
    public static List<String[]> facts(ObjectNode m) {
        List<String[]> f = new ArrayList<>();
        f.add(new String[] {"Severity", m.path("severity").asText()});
        f.add(new String[] {"Where", (m.has("zone") ? "zone " + m.path("zone").asText() + ", " : "") + m.path("domain").asText()});
        if (m.path("devices").size() > 0) {
            List<String> d = new ArrayList<>();
            m.path("devices").forEach(n -> d.add(n.asText()));
            int more = m.path("device_count").asInt() - d.size();
            f.add(new String[] {"Devices", String.join(", ", d) + (more > 0 ? " and " + more + " more" : "")});
        }
        String value = value(m);
        if (value != null) {
            f.add(new String[] {"Value", value});
        }
        f.add(new String[] {"Since", m.path("since_local").asText()});
        f.add(new String[] {"Anomalies", Integer.toString(m.path("occurrences").asInt(1))});
        if (m.has("level_name")) {
            f.add(new String[] {"Escalated to", m.path("level_name").asText()});
        }
        if (m.has("comment")) {
            f.add(new String[] {"Comment", m.path("comment").asText()});
        }
        f.add(new String[] {"Alert", "#" + m.path("alert_id").asLong()});
        return f;
    }

    public static String plain(Delivery d) {
        ObjectNode m = d.notification().message();
        if (m.has("text")) {
            return residentText(d);
        }
        StringBuilder b = new StringBuilder(headline(m)).append("\n\n");
        if (m.has("what")) {
            b.append(m.path("what").asText()).append("\n\n");
        }
        for (String[] fact : facts(m)) {
            b.append(fact[0]).append(": ").append(fact[1]).append('\n');
        }
        appendLinks(b, d);
        return b.toString();
    }

    /** At most ~300 characters: severity, title, value, since, acknowledge link. */
    public static String sms(Delivery d) {
        ObjectNode m = d.notification().message();
        if (m.has("text")) {
            return residentText(d);
        }
        StringBuilder b = new StringBuilder(headline(m));
        String value = value(m);
        if (value != null) {
            b.append(". ").append(value);
        }
        b.append(". Since ").append(m.path("since_local").asText()).append('.');
        if (d.acknowledgeUrl() != null) {
            b.append(" Ack: ").append(d.acknowledgeUrl());
        }
        return b.toString();
    }

    private static String residentText(Delivery d) {
        ObjectNode m = d.notification().message();
        String text = m.path("text").asText();
        if (d.unsubscribeUrl() != null) {
            text += "\n" + m.path("unsubscribe_template").asText().replace("{unsubscribe_url}", d.unsubscribeUrl());
        }
        return text;
    }

    private static void appendLinks(StringBuilder b, Delivery d) {
        JsonNode dash = d.notification().message().path("dashboard_url");
        if (!dash.isMissingNode()) {
            b.append("\nDashboard: ").append(dash.asText());
        }
        if (d.acknowledgeUrl() != null) {
            b.append("\nAcknowledge: ").append(d.acknowledgeUrl());
        }
        b.append('\n');
    }

    private static String number(JsonNode n) {
        double v = n.asDouble();
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
