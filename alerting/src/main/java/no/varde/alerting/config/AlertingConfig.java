package no.varde.alerting.config;

import java.time.ZoneId;
import java.util.Map;
import no.varde.alerting.rota.OnCallRota;
import no.varde.alerting.routing.AlertRouter;

/**
 * Everything alerting is told, read from one YAML file ({@link AlertingConfigLoader}): the rota,
 * routing rules, channels, lifecycle timing and resident-warning settings.
 *
 * @param publicUrl    the base of links in messages (acknowledge, unsubscribe), as engineers' phones reach it
 * @param dashboardUrl a link to the dashboard with {zone}, {domain} and {alert} filled in
 */
public record AlertingConfig(ZoneId timezone, String publicUrl, String dashboardUrl, Timing timing, OnCallRota rota,
                             AlertRouter router, Map<String, ChannelSettings> channels, ResidentSettings residents) {
}
