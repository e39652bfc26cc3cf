package no.varde.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import no.varde.alerting.AlertingService;
import no.varde.storage.ReadingQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the console on a Varde HTTP server (the one-process platform's, or the alerting tier's):
 * with sign-in when an OpenID Connect issuer is configured ({@code VARDE_OIDC_*}, see
 * {@link ConsoleSettings#fromEnvironment}), otherwise a page that tells the operator what to set.
 * There is deliberately no console without sign-in: it acts under people's names.
 */
public final class ConsoleMount {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleMount.class);

    private ConsoleMount() {
    }

    /**
     * @param secret      signs the console's CSRF tokens (Varde's alerting secret, kept in the data directory)
     * @param groundTruth the simulator's incidents for the gains page, or null for a real town
     */
    public static void mount(Router router, Vertx vertx, AlertingService alerting, ReadingQueries readings, Map<String, String> env,
                             String publicUrl, String secret, GroundTruth groundTruth) {
        Optional<ConsoleSettings> settings = ConsoleSettings.fromEnvironment(env, publicUrl);
        if (settings.isEmpty()) {
            LOG.info("Console: no identity provider configured (VARDE_OIDC_ISSUER); /console explains how to set one");
            router.route(Layout.BASE + "/*").handler(SecurityHeaders.forConsole("'self'")).handler(ctx -> {
                Messages m = ConsolePages.messages(ctx);
                ctx.response().setStatusCode(503).putHeader("Content-Type", "text/html; charset=utf-8")
                        .end(Layout.page(m, null, null, m.get("unconfigured.title"), null, ctx.request().path(),
                                new Html().el("h1", m.get("unconfigured.title")).el("p", m.get("unconfigured.text"))));
            });
            return;
        }
        new ConsoleRoutes(vertx, settings.get(), new ConsolePages(vertx, alerting, readings, groundTruth, Clock.systemUTC()), secret).mount(router);
    }
}
