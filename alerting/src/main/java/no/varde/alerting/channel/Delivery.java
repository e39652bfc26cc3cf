package no.varde.alerting.channel;

import no.varde.alerting.outbox.Notification;

/**
 * One notification about to be sent: the stored content plus what is only known, or only allowed
 * to exist, at sending time.
 *
 * @param address        the phone number or e-mail address, or null for the channel's own destination (a webhook URL,
 *                       a team mailbox); never logged
 * @param acknowledgeUrl the signed one-click acknowledge link for this recipient, or null
 * @param unsubscribeUrl a resident's signed unsubscribe link, or null
 */
public record Delivery(Notification notification, String address, String acknowledgeUrl, String unsubscribeUrl) {
}
