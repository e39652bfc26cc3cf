package no.varde.alerting.routing;

/**
 * Where a route sends: a configured channel, either to its own fixed destination (a Teams
 * webhook, a team mailbox) or, with {@code oncall}, to whoever is on call at the alert's level
 * through that channel (written {@code oncall:sms} in the configuration).
 */
public record Target(String channel, boolean oncall) {
    public static Target parse(String text) {
        return text.startsWith("oncall:") ? new Target(text.substring("oncall:".length()), true) : new Target(text, false);
    }

    @Override
    public String toString() {
        return oncall ? "oncall:" + channel : channel;
    }
}
