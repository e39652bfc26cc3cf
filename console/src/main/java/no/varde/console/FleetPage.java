package no.varde.console;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** "Enheter": how many sensors are online, silent, offline; the map; and every device in a table. */
final class FleetPage {
    private FleetPage() {
    }

    static Html render(Messages m, Person p, String csrf, List<Fleet.Device> devices, String flash, Instant now) {
        Html h = new Html();
        h.el("h1", m.get("fleet.title"));
        NowPage.flash(h, flash);
        if (p.may(Role.ADMIN)) {
            DevicePage.addForm(h, m, csrf);
        }
        Map<Fleet.Status, Integer> counts = new EnumMap<>(Fleet.Status.class);
        devices.forEach(d -> counts.merge(d.status(), 1, Integer::sum));
        h.open("ul", "class", "counts");
        for (Fleet.Status s : Fleet.Status.values()) {
            h.open("li", "class", "count dev-" + s.id()).raw(legendMark(s)).el("strong", Integer.toString(counts.getOrDefault(s, 0)))
                    .text(" " + m.get("fleet.status." + s.id())).close("li");
        }
        h.close("ul");
        if (devices.size() >= Fleet.LIMIT) {
            h.el("p", m.get("fleet.limited", Fleet.LIMIT));
        }
        h.open("section", "aria-labelledby", "map-h", "class", "panel").el("h2", m.get("fleet.map.title"), "id", "map-h");
        h.raw(FleetMap.svg(devices, m));
        h.close("section");
        h.open("section", "aria-labelledby", "list-h", "class", "panel").el("h2", m.get("fleet.list.title"), "id", "list-h");
        // Focusable so that a keyboard can scroll a wide table sideways on a phone.
        h.open("div", "class", "scroll", "tabindex", "0");
        h.open("table", "class", "trail").open("thead").open("tr");
        for (String col : new String[] {"device", "kind", "zone", "status", "seen", "battery", "radio"}) {
            h.el("th", m.get("fleet.col." + col), "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
        for (Fleet.Device d : devices) {
            h.open("tr").open("th", "scope", "row").el("a", d.id(), "href", Layout.BASE + "/devices/" + d.id()).close("th").el("td", m.getOr("kind.device." + d.kind(), d.kind()))
                    .el("td", d.zone() == null ? "–" : d.zone()).open("td").raw(legendMark(d.status())).text(" " + m.get("fleet.status." + d.status().id()))
                    .close("td").el("td", d.lastSeen() == null ? "–" : m.ago(d.lastSeen(), now))
                    .el("td", d.battery() == null ? "–" : m.number(d.battery()) + " %")
                    .el("td", radio(m, d)).close("tr");
        }
        return h.close("tbody").close("table").close("div").close("section");
    }

    /** "svak, SNR −12,5 dB, RSSI −118 dBm", or a dash where no radio report came. */
    static String radio(Messages m, Fleet.Device d) {
        return d.link() == null ? "–" : m.get("fleet.link." + d.link().name().toLowerCase(java.util.Locale.ROOT))
                + (d.snr() == null ? "" : ", SNR " + m.number(d.snr()) + " dB") + (d.rssi() == null ? "" : ", RSSI " + m.number(d.rssi()) + " dBm");
    }

    /** The status's map shape as a small inline SVG, hidden from screen readers (the word follows it). */
    static String legendMark(Fleet.Status s) {
        return "<svg class=\"mark dev-" + s.id() + "\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">"
                + FleetMap.mark(s, 8, 9) + "</svg>";
    }
}
