package no.varde.alerting.channel;

/**
 * A delivery that did not go through. The reason is written by Varde ("HTTP 503", "timed out after
 * 10 s"), never copied from the remote side, which may echo an address back. Permanent failures
 * (the receiver refuses this request as such: 400, 401, 404, SMTP 5xx) are not retried.
 */
public final class DeliveryException extends RuntimeException {
    private final boolean permanent;

    public DeliveryException(String reason, boolean permanent) {
        super(reason, null, false, false);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
