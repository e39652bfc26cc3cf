package no.varde.alerting.config;

import java.util.Map;

/**
 * Resident warnings: which channels carry them, the municipality's name and information page, and
 * the plain-language templates in bokmål ({@code nb}) and nynorsk ({@code nn}). Placeholders:
 * {municipality} {zone} {since} {at} {info_url} {unsubscribe_url}.
 */
public record ResidentSettings(String smsChannel, String emailChannel, String municipality, String infoUrl,
                               Map<String, Map<String, String>> templates) {
    public static final Map<String, Map<String, String>> DEFAULT_TEMPLATES = Map.of(
            "nb", Map.of(
                    "warning", "Varsel fra {municipality}: Vannforsyningen i {zone} er brutt eller redusert fra kl. {since}. "
                            + "Vi jobber med å rette feilen. Mer informasjon: {info_url}",
                    "all_clear", "Melding fra {municipality}: Vannforsyningen i {zone} er tilbake som normalt (kl. {at}). Takk for tålmodigheten.",
                    "unsubscribe", "Avslutt varsler: {unsubscribe_url}",
                    "subject", "Vannforsyningen i {zone}"),
            "nn", Map.of(
                    "warning", "Varsel frå {municipality}: Vassforsyninga i {zone} er broten eller redusert frå kl. {since}. "
                            + "Vi arbeider med å rette feilen. Meir informasjon: {info_url}",
                    "all_clear", "Melding frå {municipality}: Vassforsyninga i {zone} er tilbake som normalt (kl. {at}). Takk for tolmodet.",
                    "unsubscribe", "Avslutt varsel: {unsubscribe_url}",
                    "subject", "Vassforsyninga i {zone}"));

    static ResidentSettings from(ConfigNode node) {
        Map<String, Map<String, String>> templates = new java.util.HashMap<>();
        for (String lang : DEFAULT_TEMPLATES.keySet()) {
            Map<String, String> t = new java.util.HashMap<>(DEFAULT_TEMPLATES.get(lang));
            node.get("templates").get(lang).entries().forEach((k, v) -> {
                if (!t.containsKey(k)) {
                    throw v.error("unknown template (known: " + String.join(", ", DEFAULT_TEMPLATES.get(lang).keySet()) + ")");
                }
                t.put(k, v.text());
            });
            templates.put(lang, Map.copyOf(t));
        }
        node.get("templates").entries().keySet().forEach(lang -> {
            if (!DEFAULT_TEMPLATES.containsKey(lang)) {
                throw node.get("templates").get(lang).error("language must be nb (bokmål) or nn (nynorsk)");
            }
        });
        return new ResidentSettings(node.get("sms_channel").text(null), node.get("email_channel").text(null),
                node.get("municipality").text("kommunen"), node.get("info_url").text(""), Map.copyOf(templates));
    }

    public String template(String language, String name) {
        return templates.get(language).get(name);
    }
}
