package no.varde.console;

import java.time.Instant;
import java.util.List;
import no.varde.storage.LatestReading;
import no.varde.storage.RegisteredDevice;

/**
 * One device: where it is, when it was last heard, its newest value of each metric, and for an
 * administrator the registry actions (disable or enable, a new token) and who changed what.
 */
final class DevicePage {
    private DevicePage() {
    }

    static Html render(Messages m, Person p, String csrf, RegisteredDevice d, Fleet.Device status, List<LatestReading> latest,
                       List<DeviceAdmin.Event> history, String flash, Instant now) {
        Html h = new Html();
        String id = d.device().id();
        h.el("h1", m.get("device.title", id));
        NowPage.flash(h, flash);
        h.open("dl", "class", "facts");
        fact(h, m.get("fleet.col.kind"), m.getOr("kind.device." + d.device().kind().id(), d.device().kind().id()));
        fact(h, m.get("fleet.col.zone"), d.device().zone() == null ? "–" : d.device().zone());
        if (status != null) {
            h.el("dt", m.get("fleet.col.status")).open("dd").raw(FleetPage.legendMark(status.status()))
                    .text(" " + m.get("fleet.status." + status.status().id())).close("dd");
            fact(h, m.get("fleet.col.battery"), status.battery() == null ? "–" : m.number(status.battery()) + " %");
            fact(h, m.get("fleet.col.radio"), FleetPage.radio(m, status));
        }
        fact(h, m.get("fleet.col.seen"), d.lastSeen() == null ? "–" : m.dateTime(d.lastSeen()) + " (" + m.ago(d.lastSeen(), now) + ")");
        fact(h, m.get("device.position"), d.device().latitude() == null ? "–"
                : m.number(d.device().latitude()) + ", " + m.number(d.device().longitude()));
        fact(h, m.get("device.model"), d.device().model() == null ? "–" : d.device().model());
        fact(h, m.get("device.gateway"), d.device().gatewayId() == null ? "–" : d.device().gatewayId());
        fact(h, m.get("device.tokens"), Integer.toString(d.activeCredentials()));
        h.close("dl");

        h.open("section", "aria-labelledby", "latest-h", "class", "panel").el("h2", m.get("device.latest"), "id", "latest-h");
        if (latest.isEmpty()) {
            h.el("p", m.get("device.latest.none"));
        } else {
            h.open("table", "class", "trail").open("thead").open("tr").el("th", m.get("device.metric"), "scope", "col")
                    .el("th", m.get("col.value"), "scope", "col").el("th", m.get("col.time"), "scope", "col").close("tr").close("thead").open("tbody");
            for (LatestReading r : latest) {
                h.open("tr").el("th", r.metric(), "scope", "row").el("td", m.number(r.value()) + " " + r.unit()).el("td", m.dateTime(r.time()))
                        .close("tr");
            }
            h.close("tbody").close("table");
        }
        h.close("section");

        if (p.may(Role.ADMIN)) {
            String base = Layout.BASE + "/devices/" + id;
            h.open("section", "aria-labelledby", "admin-h", "class", "panel").el("h2", m.get("device.admin"), "id", "admin-h");
            h.open("div", "class", "actions");
            if (d.device().enabled()) {
                h.form(base + "/disable", csrf, "inline").endForm(m.get("device.disable"), "danger");
            } else {
                h.form(base + "/enable", csrf, "inline").endForm(m.get("device.enable"), "primary");
            }
            h.close("div");
            h.form(base + "/rotate", csrf, "stacked");
            h.open("fieldset").el("legend", m.get("device.rotate.grace"));
            for (String grace : new String[] {"PT0S", "PT24H"}) {
                h.open("p", "class", "check").open("input", "type", "radio", "id", "grace-" + grace, "name", "grace", "value", grace,
                        "checked", "PT24H".equals(grace) ? "checked" : null).el("label", m.get("device.grace." + grace), "for", "grace-" + grace).close("p");
            }
            h.close("fieldset");
            h.endForm(m.get("device.rotate"), "secondary");
            h.el("h3", m.get("device.history"));
            if (history.isEmpty()) {
                h.el("p", m.get("device.history.none"));
            } else {
                h.open("table", "class", "trail").open("thead").open("tr").el("th", m.get("col.time"), "scope", "col")
                        .el("th", m.get("col.who"), "scope", "col").el("th", m.get("col.what"), "scope", "col").close("tr").close("thead").open("tbody");
                for (DeviceAdmin.Event e : history) {
                    h.open("tr").el("td", m.dateTime(e.at())).el("td", e.actor()).el("td", m.getOr("admin." + e.action(), e.action())).close("tr");
                }
                h.close("tbody").close("table");
            }
            h.close("section");
        }
        return h;
    }

    /** The form an administrator adds a device with (on the fleet page). */
    static void addForm(Html h, Messages m, String csrf) {
        h.open("details", "class", "panel add-device").el("summary", m.get("device.add"));
        h.form(Layout.BASE + "/devices", csrf, "stacked");
        field(h, m.get("fleet.col.device"), "new-id", "id", "text", true);
        h.el("label", m.get("fleet.col.kind"), "for", "new-kind").open("select", "id", "new-kind", "name", "kind");
        for (String kind : new String[] {"water", "air", "traffic", "gateway"}) {
            h.el("option", m.get("kind.device." + kind), "value", kind);
        }
        h.close("select");
        field(h, m.get("fleet.col.zone"), "new-zone", "zone", "text", false);
        field(h, m.get("device.latitude"), "new-lat", "latitude", "text", false);
        field(h, m.get("device.longitude"), "new-lon", "longitude", "text", false);
        h.endForm(m.get("device.add.button"), "primary").close("details");
    }

    private static void field(Html h, String label, String id, String name, String type, boolean required) {
        h.el("label", label, "for", id).open("input", "id", id, "name", name, "type", type, "autocomplete", "off", "required",
                required ? "required" : null, "inputmode", name.equals("latitude") || name.equals("longitude") ? "decimal" : null);
    }

    private static void fact(Html h, String term, String value) {
        h.el("dt", term).el("dd", value);
    }
}
