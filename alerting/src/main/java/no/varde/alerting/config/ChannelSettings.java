package no.varde.alerting.config;

import java.time.Duration;

/**
 * A configured channel: its name (what routes refer to), its type (smtp, sms, webhook, file), the
 * delivery policy, and its type's own options, which the channel itself reads from {@code options}.
 *
 * @param concurrency deliveries in flight at once on this channel
 */
public record ChannelSettings(String name, String type, ConfigNode options, RetryPolicy retry, Duration timeout, int concurrency) {
    public static final java.util.Set<String> TYPES = java.util.Set.of("smtp", "sms", "webhook", "file");
}
