package no.varde.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import no.varde.alerting.AlertingException;
import no.varde.model.DeviceKind;
import no.varde.storage.Device;
import no.varde.storage.DeviceRegistryService;
import no.varde.storage.ReadingQueries;
import no.varde.storage.RegisteredDevice;

/**
 * The fleet page, one device's page, and the administrator's registry actions. Every action
 * needs the admin role, is audited under the person's name, and answers with a redirect; a new
 * token travels only in the next page's message, shown once.
 */
final class DevicePages {
    private final Vertx vertx;
    private final Fleet fleet;
    private final DeviceAdmin admin;
    private final ReadingQueries readings;
    private final Clock clock;

    DevicePages(Vertx vertx, DataSource db, ReadingQueries readings, Clock clock) {
        this.vertx = vertx;
        this.fleet = new Fleet(db);
        this.admin = new DeviceAdmin(db);
        this.readings = readings;
        this.clock = clock;
    }

    void mount(Router r) {
        r.get("/fleet").handler(ctx -> {
            Person p = ConsoleRoutes.person(ctx);
            Messages m = ConsolePages.messages(ctx);
            Instant now = clock.instant();
            String flash = ConsolePages.takeFlash(ctx);
            ConsolePages.blocking(vertx, ctx, () -> fleet.devices(now), devices -> ConsolePages.html(ctx, 200, Layout.page(m, p,
                    ConsolePages.csrf(ctx), m.get("fleet.title"), "fleet", ConsolePages.path(ctx),
                    FleetPage.render(m, p, ConsolePages.csrf(ctx), devices, flash, now))));
        });
        r.get("/devices/:device").handler(this::device);
        r.post("/devices").handler(ctx -> act(ctx, () -> {
            Person p = ConsoleRoutes.person(ctx);
            Device d = fromForm(ctx);
            DeviceRegistryService.Issued issued = admin.create(p, d);
            return new Done(d.id(), issued.token() == null ? ConsolePages.messages(ctx).get("device.created.gateway", d.id())
                    : ConsolePages.messages(ctx).get("device.created", d.id(), issued.token()));
        }));
        r.post("/devices/:device/disable").handler(ctx -> act(ctx, () -> {
            admin.setEnabled(ConsoleRoutes.person(ctx), ctx.pathParam("device"), false);
            return new Done(ctx.pathParam("device"), ConsolePages.messages(ctx).get("device.disabled", ctx.pathParam("device")));
        }));
        r.post("/devices/:device/enable").handler(ctx -> act(ctx, () -> {
            admin.setEnabled(ConsoleRoutes.person(ctx), ctx.pathParam("device"), true);
            return new Done(ctx.pathParam("device"), ConsolePages.messages(ctx).get("device.enabled", ctx.pathParam("device")));
        }));
        r.post("/devices/:device/rotate").handler(ctx -> act(ctx, () -> {
            Duration grace = "PT0S".equals(ctx.request().getFormAttribute("grace")) ? Duration.ZERO : Duration.ofHours(24);
            DeviceRegistryService.Issued issued = admin.rotate(ConsoleRoutes.person(ctx), ctx.pathParam("device"), grace);
            return new Done(ctx.pathParam("device"), ConsolePages.messages(ctx).get(grace.isZero() ? "device.rotated.now" : "device.rotated",
                    ctx.pathParam("device"), issued.token()));
        }));
    }

    private void device(RoutingContext ctx) {
        Person p = ConsoleRoutes.person(ctx);
        Messages m = ConsolePages.messages(ctx);
        String id = ctx.pathParam("device");
        Instant now = clock.instant();
        String flash = ConsolePages.takeFlash(ctx);
        ConsolePages.blocking(vertx, ctx, () -> {
            Optional<RegisteredDevice> d = admin.find(id);
            if (d.isEmpty()) {
                throw AlertingException.notFound("no device " + id);
            }
            return DevicePage.render(m, p, ConsolePages.csrf(ctx), d.get(), fleet.device(id, now).orElse(null), readings.latest(id, null),
                    p.may(Role.ADMIN) ? admin.history(id, 20) : java.util.List.of(), flash, now);
        }, body -> ConsolePages.html(ctx, 200, Layout.page(m, p, ConsolePages.csrf(ctx), m.get("device.title", id), "fleet",
                ConsolePages.path(ctx), body)));
    }

    private record Done(String device, String message) {
    }

    private interface Change {
        Done apply() throws Exception;
    }

    private void act(RoutingContext ctx, Change change) {
        Person p = ConsoleRoutes.person(ctx);
        Messages m = ConsolePages.messages(ctx);
        if (!p.may(Role.ADMIN)) {
            ConsolePages.forbidden(ctx, m, p);
            return;
        }
        vertx.executeBlocking(change::apply, false).onComplete(r -> {
            String to;
            if (r.succeeded()) {
                ConsolePages.setFlash(ctx, r.result().message());
                to = Layout.BASE + "/devices/" + r.result().device();
            } else if (r.cause() instanceof AlertingException e && e.status() < 500) {
                ConsolePages.setFlash(ctx, m.get("flash.refused", e.getMessage()));
                to = ctx.pathParam("device") == null ? Layout.BASE + "/fleet" : Layout.BASE + "/devices/" + ctx.pathParam("device");
            } else {
                ctx.fail(r.cause());
                return;
            }
            ctx.response().setStatusCode(303).putHeader("Location", to).end();
        });
    }

    private static Device fromForm(RoutingContext ctx) {
        String id = ConsolePages.blankToNull(ctx.request().getFormAttribute("id"));
        String kind = ConsolePages.blankToNull(ctx.request().getFormAttribute("kind"));
        if (id == null || kind == null) {
            throw AlertingException.badRequest("a device needs an id and a kind");
        }
        DeviceKind k;
        try {
            k = DeviceKind.fromId(kind);
        } catch (IllegalArgumentException e) {
            throw AlertingException.badRequest("unknown kind " + kind);
        }
        return Device.of(id, k, ConsolePages.blankToNull(ctx.request().getFormAttribute("zone")))
                .withLocation(coordinate(ctx, "latitude"), coordinate(ctx, "longitude"));
    }

    private static Double coordinate(RoutingContext ctx, String field) {
        String v = ConsolePages.blankToNull(ctx.request().getFormAttribute(field));
        if (v == null) {
            return null;
        }
        try {
            return Double.parseDouble(v.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw AlertingException.badRequest(field + " is not a number: " + v);
        }
    }
}
