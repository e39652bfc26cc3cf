package no.varde.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's response headers. The pages carry no script and no inline style, so the content
 * security policy forbids both; forms may post only to the console itself and, for sign-out, to
 * the identity provider (Chromium applies form-action to the redirect after a POST). No page may
 * be framed, and nothing is cached, since every page shows who is signed in.
 */
final class SecurityHeaders {
    private SecurityHeaders() {
    }

    static Handler<RoutingContext> forConsole(String identityProviderOrigin) {
        String csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self' " + identityProviderOrigin
                + "; frame-ancestors 'none'; base-uri 'none'";
        return ctx -> {
            ctx.response().putHeader("Content-Security-Policy", csp).putHeader("X-Frame-Options", "DENY")
                    .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "same-origin")
                    .putHeader("Cross-Origin-Opener-Policy", "same-origin").putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            if (!ctx.request().path().startsWith(Layout.BASE + "/static/")) {
                ctx.response().putHeader("Cache-Control", "no-store");
            }
            if (ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"))) {
                ctx.response().putHeader("Strict-Transport-Security", "max-age=31536000");
            }
            ctx.next();
        };
    }
}
