package no.varde.console;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import no.varde.alerting.AlertingException;
import no.varde.alerting.AlertingService;
import no.varde.alerting.lifecycle.AlertRow;
import no.varde.storage.ReadingQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's pages and actions once someone is signed in. Reads and writes run on worker
 * threads; every action goes through alerting's {@code AlertActions}, so the console and the API
 * share one set of rules and one audit trail, and the person's name from the identity provider is
 * what the trail records. An action answers with a redirect (post/redirect/get), so reloading a
 * page never repeats it.
 */
public final class ConsolePages {
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePages.class);
    private static final String FLASH = "flash";
    private static final String LANG = "lang";

    private final Vertx vertx;
    private final AlertingService alerting;
    private final ReadingQueries readings;
    private final Gains gains;
    private final Clock clock;
    private final Buffer css;

    public ConsolePages(Vertx vertx, AlertingService alerting, ReadingQueries readings, Clock clock) {
        this(vertx, alerting, readings, null, clock);
    }

    /** @param groundTruth the simulator's incidents for the gains page, or null */
    public ConsolePages(Vertx vertx, AlertingService alerting, ReadingQueries readings, GroundTruth groundTruth, Clock clock) {
        this.vertx = vertx;
        this.alerting = alerting;
        this.readings = readings;
        this.gains = new Gains(alerting.database(), groundTruth);
        this.clock = clock;
        this.css = resource("static/console.css");
    }

    void mount(Router r, OAuth2Auth auth) {
        r.get("/").handler(ctx -> page(ctx, "now", () -> alerts(c -> alerting.store().unresolvedBySeverity(c, PAGE)), false));
        r.get("/mine").handler(ctx -> page(ctx, "mine", () -> {
            Person p = ConsoleRoutes.person(ctx);
            return alerts(c -> alerting.store().unresolvedAssignedTo(c, java.util.List.of(p.actor(), p.username()), PAGE));
        }, true));
        r.get("/alerts/:id").handler(this::alert);
        r.get("/gains").handler(ctx -> {
            Person p = ConsoleRoutes.person(ctx);
            Messages m = messages(ctx);
            Instant now = clock.instant();
            java.time.YearMonth month = GainsPage.parseMonth(ctx.request().getParam("month"), java.time.YearMonth.from(now.atZone(Messages.OSLO)));
            blocking(ctx, () -> gains.month(month, now), report -> html(ctx, 200, Layout.page(m, p, csrf(ctx),
                    m.get("gains.title", GainsPage.monthName(m, month)), "gains", path(ctx), GainsPage.render(m, report, true))));
        });
        new DevicePages(vertx, alerting.database(), readings, clock).mount(r);
        r.post("/alerts/:id/acknowledge").handler(ctx -> act(ctx, "flash.acknowledged", (p, id) ->
                alerting.actions().acknowledge(id, p.actor())));
        r.post("/alerts/:id/resolve").handler(ctx -> act(ctx, "flash.resolved", (p, id) ->
                alerting.actions().resolve(id, p.actor(), blankToNull(ctx.request().getFormAttribute("comment")),
                        blankToNull(ctx.request().getFormAttribute("outcome")))));
        r.post("/alerts/:id/comment").handler(ctx -> act(ctx, "flash.commented", (p, id) ->
                alerting.actions().comment(id, p.actor(), ctx.request().getFormAttribute("text"))));
        r.post("/alerts/:id/assign").handler(ctx -> act(ctx, "flash.assigned", (p, id) -> {
            String to = ctx.request().getFormAttribute("assignee");
            return alerting.actions().assign(id, p.actor(), "me".equals(to) ? p.actor() : to == null ? null : to.strip());
        }));
        r.post("/alerts/:id/residents").handler(ctx -> act(ctx, "flash.residents", (p, id) -> {
            if (!"yes".equals(ctx.request().getFormAttribute("confirm"))) {
                throw AlertingException.badRequest(messages(ctx).get("residents.confirm.required"));
            }
            Map<String, String> notes = new HashMap<>();
            String note = blankToNull(ctx.request().getFormAttribute("note"));
            if (note != null) {
                notes.put("nb", note);
                notes.put("nn", note);
            }
            return alerting.actions().confirmForResidents(id, p.actor(), notes);
        }));
        r.post("/logout").handler(ctx -> {
            String endSession = ctx.user() == null ? null : auth.endSessionURL(ctx.user());
            ctx.userContext().clear();
            if (ctx.session() != null) {
                ctx.session().destroy();
            }
            ctx.redirect(endSession != null ? endSession : Layout.BASE + "/");
        });
    }

    /** Puts the signed-in person on the context, or answers 403 when the provider's claims grant no role. */
    void requirePerson(RoutingContext ctx, ConsoleSettings settings) {
        Person p = Person.from(ctx.user(), settings);
        String lang = ctx.request().getParam(LANG);
        if (("nb".equals(lang) || "en".equals(lang)) && ctx.session() != null) {
            ctx.session().put(LANG, lang);
        }
        if (p.role() == null) {
            LOG.info("Console: {} signed in but the claim '{}' grants no Varde role", p.username(), settings.rolesClaim());
            Messages m = messages(ctx);
            html(ctx, 403, Layout.page(m, p, csrf(ctx), m.get("norole.title"), null, path(ctx),
                    new Html().el("h1", m.get("norole.title")).el("p", m.get("norole.text", settings.rolesClaim()))));
            return;
        }
        ctx.put(Person.class.getName(), p);
        ctx.next();
    }

    private interface Read<T> {
        T get() throws Exception;
    }

    /** Alerts a page lists, at most this many (a storm is one alert, so this is plenty). */
    private static final int PAGE = 200;

    private interface AlertQuery {
        List<AlertRow> run(java.sql.Connection c) throws java.sql.SQLException;
    }

    private List<AlertRow> alerts(AlertQuery query) throws java.sql.SQLException {
        try (java.sql.Connection c = alerting.database().getConnection()) {
            return query.run(c);
        }
    }

    private void page(RoutingContext ctx, String which, Read<List<AlertRow>> read, boolean mine) {
        Person p = ConsoleRoutes.person(ctx);
        Messages m = messages(ctx);
        String flash = takeFlash(ctx);
        blocking(ctx, read::get, alerts -> html(ctx, 200, Layout.page(m, p, csrf(ctx), m.get(which + ".title"), which, path(ctx),
                NowPage.render(m, p, csrf(ctx), alerts, mine, flash, clock.instant()))));
    }

    private void alert(RoutingContext ctx) {
        Person p = ConsoleRoutes.person(ctx);
        Messages m = messages(ctx);
        long id = id(ctx);
        String flash = takeFlash(ctx);
        blocking(ctx, () -> AlertView.load(alerting, readings, id, clock.instant()), view -> {
            if (view.isEmpty()) {
                html(ctx, 404, Layout.page(m, p, csrf(ctx), m.get("notfound.title"), null, path(ctx),
                        new Html().el("h1", m.get("notfound.title")).el("p", m.get("notfound.text", id))));
                return;
            }
            html(ctx, 200, Layout.page(m, p, csrf(ctx), Layout.title(m, view.get().alert()), null, path(ctx),
                    AlertPage.render(m, p, csrf(ctx), view.get(), flash, clock.instant())));
        });
    }

    private interface Action {
        AlertRow apply(Person p, long id) throws Exception;
    }

    /** Runs an engineer's action, remembers its outcome as the next page's message, and goes back where the form said. */
    private void act(RoutingContext ctx, String doneKey, Action action) {
        Person p = ConsoleRoutes.person(ctx);
        Messages m = messages(ctx);
        if (!p.may(Role.ENGINEER)) {
            forbidden(ctx, m, p);
            return;
        }
        long id = id(ctx);
        String back = safeBack(ctx.request().getFormAttribute("back"), id);
        vertx.executeBlocking(() -> action.apply(p, id), false).onComplete(r -> {
            if (r.succeeded()) {
                setFlash(ctx, m.get(doneKey, Layout.title(m, r.result())));
            } else if (r.cause() instanceof AlertingException e && e.status() < 500) {
                setFlash(ctx, m.get("flash.refused", e.getMessage()));
            } else {
                ctx.fail(r.cause());
                return;
            }
            ctx.response().setStatusCode(303).putHeader("Location", back).end();
        });
    }

    static void forbidden(RoutingContext ctx, Messages m, Person p) {
        html(ctx, 403, Layout.page(m, p, csrf(ctx), m.get("forbidden.title"), null, path(ctx),
                new Html().el("h1", m.get("forbidden.title")).el("p", m.get("forbidden.text", ""))));
    }

    /** Only a path inside the console: a form's "back" must not become an open redirect. */
    static String safeBack(String back, long id) {
        if (back != null && back.startsWith(Layout.BASE + "/") && !back.startsWith("//") && !back.contains("\\") && !back.contains("://")) {
            return back;
        }
        return Layout.BASE + "/alerts/" + id;
    }

    void stylesheet(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/css; charset=utf-8").putHeader("Cache-Control", "public, max-age=3600").end(css);
    }

    void signInUnavailable(RoutingContext ctx, String problem) {
        Messages m = messages(ctx);
        html(ctx, 503, Layout.page(m, null, null, m.get("unavailable.title"), null, path(ctx),
                new Html().el("h1", m.get("unavailable.title")).el("p", m.get("unavailable.text")).el("p", problem, "class", "detail")));
    }

    void failure(RoutingContext ctx) {
        int status = ctx.failure() instanceof AlertingException e ? e.status() : ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        Messages m = messages(ctx);
        if (status == 403) {
            LOG.info("Console: refused {} {}: {}", ctx.request().method(), ctx.request().path(),
                    ctx.failure() == null ? "forbidden" : ctx.failure().getMessage());
        } else if (status >= 500) {
            LOG.warn("Console: {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        String key = status == 403 ? "forbidden" : status == 404 ? "notfound" : status == 400 ? "bad" : "error";
        String text = status == 404 ? m.get("notfound.any") : m.get(key + ".text", "");
        html(ctx, status, Layout.page(m, null, null, m.get(key + ".title"), null, path(ctx),
                new Html().el("h1", m.get(key + ".title")).el("p", text)));
    }

    private <T> void blocking(RoutingContext ctx, Callable<T> read, java.util.function.Consumer<T> then) {
        blocking(vertx, ctx, read, then);
    }

    /** Runs {@code read} on a worker thread, then {@code then} on the event loop; a failure becomes the error page. */
    static <T> void blocking(Vertx vertx, RoutingContext ctx, Callable<T> read, java.util.function.Consumer<T> then) {
        vertx.executeBlocking(read, false).onSuccess(then::accept).onFailure(ctx::fail);
    }

    static Messages messages(RoutingContext ctx) {
        String lang = ctx.request().getParam(LANG);
        if (!"nb".equals(lang) && !"en".equals(lang)) {
            Session s = ctx.session();
            lang = s == null ? null : s.get(LANG);
        }
        return Messages.of(lang);
    }

    static String csrf(RoutingContext ctx) {
        return ctx.get(ConsoleRoutes.CSRF_FIELD);
    }

    static String path(RoutingContext ctx) {
        return ctx.request().path();
    }

    private static long id(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw AlertingException.notFound("no alert " + ctx.pathParam("id"));
        }
    }

    static String takeFlash(RoutingContext ctx) {
        return ctx.session() == null ? null : ctx.session().remove(FLASH);
    }

    static void setFlash(RoutingContext ctx, String text) {
        if (ctx.session() != null) {
            ctx.session().put(FLASH, text);
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static void html(RoutingContext ctx, int status, String page) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
    }

    private static Buffer resource(String name) {
        try (InputStream in = ConsolePages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing console resource " + name);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
