package no.varde.alerting;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** Every log line written while it is attached, including those of other threads, to check what logs never contain. */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture() {
        super("capture", null, null, true, Property.EMPTY_ARRAY);
        start();
        LoggerContext ctx = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().addAppender(this, org.apache.logging.log4j.Level.ALL, null);
        config.getLoggers().values().forEach(l -> l.addAppender(this, org.apache.logging.log4j.Level.ALL, null));
        // Debug lines too: a phone number must not appear at any level.
        config.getLoggerConfig("no.varde").setLevel(org.apache.logging.log4j.Level.DEBUG);
        ctx.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getMessage().getFormattedMessage() + (event.getThrown() == null ? "" : " " + event.getThrown()));
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender("capture");
        ctx.getConfiguration().getLoggers().values().forEach(l -> l.removeAppender("capture"));
        ctx.getConfiguration().getLoggerConfig("no.varde").setLevel(org.apache.logging.log4j.Level.INFO);
        ctx.updateLoggers();
        stop();
    }
}
