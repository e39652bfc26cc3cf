package no.varde.alerting.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import no.varde.alerting.config.ChannelSettings;
import no.varde.alerting.message.MessageText;

/**
 * Appends each notification as a JSON line to a file: the one-process demo's inbox, and a simple
 * archive. A resident's address is never written, only that it went to a resident.
 */
public final class FileChannel implements Channel {
    private final String name;
    private final Path path;

    public FileChannel(ChannelSettings settings, Path baseDir) {
        this.name = settings.name();
        Path p = Path.of(settings.options().get("path").text());
        this.path = p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public synchronized CompletableFuture<Void> send(Delivery d) {
        ObjectNode line = WebhookChannel.json(d);
        line.put("recipient", d.notification().forResident() ? "resident" : d.notification().recipient());
        line.put("text", d.notification().forResident() ? d.notification().message().path("text").asText() : MessageText.sms(d));
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new DeliveryException("cannot write " + path.getFileName() + ": " + e.getClass().getSimpleName(), false));
        }
    }
}
