package no.varde.alerting.config;

/** A mistake in the alerting configuration, with the key it sits at. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
