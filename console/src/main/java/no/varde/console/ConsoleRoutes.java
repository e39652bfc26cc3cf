package no.varde.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.OAuth2AuthHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the console at {@code /console/}: security headers and the stylesheet first, then a
 * session, then sign-in through the municipality's OpenID Connect provider (authorization code
 * with PKCE), then CSRF protection, then the pages ({@link ConsolePages}).
 *
 * <p>The provider is discovered when the console is mounted and again every 30 s until that
 * works, so Varde starts even while the identity provider is down: until then the console answers
 * 503 with a page saying so, and everything else Varde serves is unaffected.
 */
public final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    /** The form field (and header) that carries the CSRF token; the name Vert.x's CSRF handler reads. */
    static final String CSRF_FIELD = CSRFHandler.DEFAULT_HEADER_NAME;
    static final String SESSION_COOKIE = "varde.console";
    private static final long RETRY_MILLIS = 30_000;

    private final Vertx vertx;
    private final ConsoleSettings settings;
    private final ConsolePages pages;
    private final String csrfSecret;
    private Router console;
    private volatile boolean signInReady;
    private volatile String signInProblem = "not tried yet";

    /** @param csrfSecret signs CSRF tokens; Varde's alerting secret (kept in the data directory) serves */
    public ConsoleRoutes(Vertx vertx, ConsoleSettings settings, ConsolePages pages, String csrfSecret) {
        this.vertx = vertx;
        this.settings = settings;
        this.pages = pages;
        this.csrfSecret = csrfSecret;
    }

    /** Mounts {@code /console} and {@code /console/*} on {@code router}; the returned future completes once sign-in works (or failed its first try). */
    public Future<Boolean> mount(Router router) {
        console = Router.router(vertx);
        console.route().handler(SecurityHeaders.forConsole(issuerOrigin()));
        console.get("/static/console.css").handler(pages::stylesheet);
        console.route().handler(SessionHandler.create(LocalSessionStore.create(vertx)).setSessionCookieName(SESSION_COOKIE)
                .setSessionCookiePath(Layout.BASE).setCookieHttpOnlyFlag(true).setCookieSecureFlag(settings.secure())
                // Lax, not Strict: the provider's redirect back to the callback is a cross-site navigation that must carry the cookie.
                .setCookieSameSite(CookieSameSite.LAX).setSessionTimeout(TimeUnit.HOURS.toMillis(12)).setNagHttps(false));
        console.route().handler(ctx -> {
            if (signInReady) {
                ctx.next();
            } else {
                pages.signInUnavailable(ctx, signInProblem);
            }
        });
        // Vert.x matches "/console" and "/console/" alike, so the mount serves both.
        router.route(Layout.BASE + "/*").subRouter(console);
        return discover();
    }

    private Future<Boolean> discover() {
        OAuth2Options options = new OAuth2Options().setClientId(settings.clientId()).setClientSecret(settings.clientSecret())
                .setSite(settings.issuer());
        return OpenIDConnectAuth.discover(vertx, options).map(auth -> {
            installSignedIn(auth);
            signInReady = true;
            LOG.info("Console sign-in through {} ready at {}/", settings.issuer(), settings.publicUrl() + Layout.BASE);
            return true;
        }).recover(e -> {
            signInProblem = "the identity provider " + settings.issuer() + " cannot be reached (" + e.getMessage() + ")";
            LOG.warn("Console: {}; trying again in {} s", signInProblem, RETRY_MILLIS / 1000);
            vertx.setTimer(RETRY_MILLIS, id -> discover());
            return Future.succeededFuture(false);
        });
    }

    private void installSignedIn(OAuth2Auth auth) {
        Route callback = console.get("/callback");
        OAuth2AuthHandler signIn = OAuth2AuthHandler.create(vertx, auth, settings.callbackUrl()).setupCallback(callback)
                .withScopes(java.util.List.of("openid", "profile", "email")).pkceVerifierLength(64);
        console.route().handler(signIn);
        console.route().handler(BodyHandler.create().setBodyLimit(16 * 1024).setHandleFileUploads(false));
        String ownOrigin = origin(settings.publicUrl());
        console.route().handler(ctx -> {
            // Vert.x's own origin check also refuses a GET without Origin and Referer (a typed address), so
            // only posts are checked here: a browser names the page's origin, and it must be ours.
            String from = ctx.request().method() == HttpMethod.POST ? ctx.request().getHeader("Origin") : null;
            if (from != null && !from.equals(ownOrigin)) {
                ctx.fail(403, new IllegalStateException("a form posted from " + from));
            } else {
                ctx.next();
            }
        });
        console.route().handler(CSRFHandler.create(vertx, csrfSecret).setCookiePath(Layout.BASE).setCookieHttpOnly(true)
                .setCookieSecure(settings.secure()).setTimeout(TimeUnit.HOURS.toMillis(12)));
        console.route().handler(ctx -> pages.requirePerson(ctx, settings));
        pages.mount(console, auth);
        console.route().failureHandler(pages::failure);
    }

    private String issuerOrigin() {
        return origin(settings.issuer());
    }

    static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** The person signed in on this request (set by {@link ConsolePages#requirePerson}). */
    static Person person(RoutingContext ctx) {
        return ctx.get(Person.class.getName());
    }
}
