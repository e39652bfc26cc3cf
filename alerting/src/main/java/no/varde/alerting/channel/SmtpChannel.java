package no.varde.alerting.channel;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import no.varde.alerting.config.ChannelSettings;
import no.varde.alerting.config.ConfigNode;
import no.varde.alerting.message.MessageText;

/** E-mail over SMTP (Vert.x mail client): STARTTLS when offered (or required), login when a user is set. */
public final class SmtpChannel implements Channel {
    private final String name;
    private final String from;
    private final List<String> fixedTo;
    private final Duration timeout;
    private final MailClient client;

    public SmtpChannel(ChannelSettings settings, Vertx vertx) {
        ConfigNode o = settings.options();
        this.name = settings.name();
        this.from = o.get("from").text();
        this.fixedTo = o.get("to").strings();
        this.timeout = settings.timeout();
        String user = o.get("username").text("");
        MailConfig config = new MailConfig().setHostname(o.get("host").text("localhost")).setPort(o.get("port").integer(25))
                .setStarttls(StartTLSOptions.valueOf(o.get("starttls").text("optional").toUpperCase(Locale.ROOT)))
                .setSsl(o.get("ssl").bool(false)).setLogin(user.isEmpty() ? LoginOption.DISABLED : LoginOption.REQUIRED)
                .setKeepAlive(true);
        config.setConnectTimeout((int) timeout.toMillis());
        if (!user.isEmpty()) {
            config.setUsername(user).setPassword(o.get("password").text(""));
        }
        this.client = MailClient.create(vertx, config);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "smtp";
    }

    @Override
    public CompletableFuture<Void> send(Delivery d) {
        List<String> to = d.address() != null ? List.of(d.address()) : fixedTo;
        if (to.isEmpty()) {
            return CompletableFuture.failedFuture(new DeliveryException("no e-mail address for this recipient", true));
        }
        MailMessage mail = new MailMessage().setFrom(from).setTo(to).setSubject(MessageText.headline(d.notification().message()))
                .setText(MessageText.plain(d));
        mail.setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("X-Varde-Notification", Long.toString(d.notification().id())));
        return client.sendMail(mail).toCompletionStage().toCompletableFuture().<Void>thenApply(r -> null)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof TimeoutException) {
                        throw new DeliveryException("no answer within " + timeout.toSeconds() + " s", false);
                    }
                    String text = String.valueOf(cause.getMessage());
                    // A 5xx SMTP reply refuses this message for good; the reply text may quote the address, so only its code is kept.
                    java.util.regex.Matcher code = java.util.regex.Pattern.compile("\\b([45]\\d\\d)\\b").matcher(text);
                    if (code.find()) {
                        throw new DeliveryException("SMTP " + code.group(1), code.group(1).startsWith("5"));
                    }
                    throw new DeliveryException("SMTP " + cause.getClass().getSimpleName(), false);
                });
    }

    @Override
    public void close() {
        client.close();
    }
}
