package no.varde.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.varde.alerting.lifecycle.AlertRow;
import no.varde.storage.SeriesPoint;

/**
 * One alert: what, where and since when in words; the actions an engineer may take; the chart of
 * the affected series with the band the detector expected; the anomalies it groups (with their
 * explanation sentences); for a water alert the resident warning (the SMS text in bokmål and
 * nynorsk, how many would get it, an explicit confirmation); the audit trail; every notification
 * and whether it was delivered.
 */
final class AlertPage {
    private AlertPage() {
    }

    static Html render(Messages m, Person p, String csrf, AlertView v, String flash, Instant now) {
        AlertRow a = v.alert();
        String base = Layout.BASE + "/alerts/" + a.id();
        Html h = new Html();
        h.el("h1", Layout.title(m, a));
        NowPage.flash(h, flash);
        h.open("p", "class", "meta");
        Layout.severity(h, m, a.severity());
        h.text(" ");
        Layout.state(h, m, a);
        h.close("p");
        h.el("p", NowPage.words(m, a, now), "class", "lead");
        h.el("p", m.get("alert.original", a.title()), "class", "detail", "lang", "en");
        if (a.summary() != null && !a.summary().isBlank()) {
            h.el("p", a.summary());
        }
        facts(h, m, a);
        if (p.may(Role.ENGINEER) && !a.isResolved()) {
            actions(h, m, csrf, a, base, p);
        }
        chart(h, m, v);
        anomalies(h, m, v.anomalies());
        residents(h, m, p, csrf, v, base);
        events(h, m, v.events());
        notifications(h, m, v.notifications());
        return h;
    }

    private static void facts(Html h, Messages m, AlertRow a) {
        h.open("dl", "class", "facts");
        fact(h, m.get("fact.opened"), m.dateTime(a.openedAt()));
        fact(h, m.get("fact.occurrences"), Integer.toString(a.occurrences()));
        fact(h, m.get("fact.assignee"), a.assignee() == null ? m.get("nobody") : a.assignee());
        if (a.acknowledgedAt() != null) {
            fact(h, m.get("fact.acknowledged"), m.get("by.at", a.acknowledgedBy(), m.dateTime(a.acknowledgedAt())));
        }
        if (a.resolvedAt() != null) {
            fact(h, m.get("fact.resolved"), m.get("by.at", a.resolvedBy(), m.dateTime(a.resolvedAt())));
        }
        h.close("dl");
    }

    private static void fact(Html h, String term, String value) {
        h.el("dt", term).el("dd", value);
    }

    private static void actions(Html h, Messages m, String csrf, AlertRow a, String base, Person p) {
        h.open("section", "aria-labelledby", "act-h", "class", "panel").el("h2", m.get("actions.title"), "id", "act-h");
        h.open("div", "class", "actions");
        if (a.isOpen()) {
            h.form(base + "/acknowledge", csrf, "inline").endForm(m.get("action.acknowledge"), "primary");
        }
        if (!NowPage.isMine(a, p)) {
            h.form(base + "/assign", csrf, "inline").open("input", "type", "hidden", "name", "assignee", "value", "me")
                    .endForm(m.get("action.assign.me"), "secondary");
        }
        h.close("div");
        h.form(base + "/resolve", csrf, "stacked");
        h.open("fieldset").el("legend", m.get("resolve.outcome"));
        for (String outcome : new String[] {"problem", "false_alarm"}) {
            h.open("p", "class", "check").open("input", "type", "radio", "id", "outcome-" + outcome, "name", "outcome", "value", outcome)
                    .el("label", m.get("resolve.outcome." + outcome), "for", "outcome-" + outcome).close("p");
        }
        h.close("fieldset");
        h.el("label", m.get("resolve.comment"), "for", "resolve-comment")
                .open("textarea", "id", "resolve-comment", "name", "comment", "rows", "2").close("textarea");
        h.endForm(m.get("action.resolve"), "secondary");
        h.form(base + "/assign", csrf, "stacked");
        h.el("label", m.get("assign.label"), "for", "assignee")
                .open("input", "id", "assignee", "name", "assignee", "type", "text", "autocomplete", "off", "required", "required");
        h.endForm(m.get("action.assign"), "secondary");
        h.form(base + "/comment", csrf, "stacked");
        h.el("label", m.get("comment.label"), "for", "comment")
                .open("textarea", "id", "comment", "name", "text", "rows", "3", "required", "required").close("textarea");
        h.endForm(m.get("action.comment"), "secondary");
        h.close("section");
    }

    private static void chart(Html h, Messages m, AlertView v) {
        h.open("section", "aria-labelledby", "chart-h", "class", "panel").el("h2", m.get("chart.title"), "id", "chart-h");
        AlertView.Chart c = v.chart();
        if (c == null) {
            h.el("p", m.get("chart.none"));
            return;
        }
        Map<String, Object> an = c.anomaly();
        String device = c.device();
        String metric = c.metric();
        double low = number(an.get("expected_low"));
        double high = number(an.get("expected_high"));
        List<SeriesPoint> points = c.series().points();
        String title = m.get("chart.caption", metric, device);
        String description = Double.isNaN(low) || Double.isNaN(high) ? m.get("chart.desc.noband", points.size())
                : m.get("chart.desc", points.size(), m.number(low), m.number(high));
        h.el("p", title, "class", "caption");
        h.raw(SeriesChart.svg("chart", title, description, points, low, high, c.from(), c.to(), (Instant) an.get("started_at"),
                (Instant) an.get("ended_at"), m));
        h.open("p", "class", "legend").open("span", "class", "key key-line", "aria-hidden", "true").close("span")
                .text(m.get("chart.legend.line", c.series().resolution())).text(" ");
        if (!Double.isNaN(low) && !Double.isNaN(high)) {
            h.open("span", "class", "key key-band", "aria-hidden", "true").close("span").text(m.get("chart.legend.band"));
        }
        h.close("p");
        h.open("details").el("summary", m.get("chart.table"));
        h.open("table").el("caption", title).open("thead").open("tr").el("th", m.get("col.time"), "scope", "col")
                .el("th", m.get("col.value"), "scope", "col").close("tr").close("thead").open("tbody");
        for (SeriesPoint pt : points) {
            h.open("tr").el("td", m.dateTime(pt.time())).el("td", m.number(pt.value())).close("tr");
        }
        h.close("tbody").close("table").close("details").close("section");
    }

    private static void anomalies(Html h, Messages m, List<Map<String, Object>> anomalies) {
        h.open("section", "aria-labelledby", "an-h", "class", "panel").el("h2", m.get("anomalies.title", anomalies.size()), "id", "an-h");
        h.open("ol", "class", "anomalies");
        int shown = 0;
        for (int i = anomalies.size() - 1; i >= 0 && shown < 50; i--, shown++) {
            Map<String, Object> an = anomalies.get(i);
            h.open("li").el("p", String.valueOf(an.get("explanation")), "class", "explanation");
            h.el("p", m.get("anomaly.meta", m.getOr("kind." + an.get("kind"), String.valueOf(an.get("kind"))), m.dateTime((Instant) an.get("started_at")),
                    an.get("ended_at") == null ? m.get("still.going") : m.dateTime((Instant) an.get("ended_at"))), "class", "meta");
            h.close("li");
        }
        h.close("ol");
        if (anomalies.size() > shown) {
            h.el("p", m.get("anomalies.more", anomalies.size() - shown));
        }
        h.close("section");
    }

    private static void residents(Html h, Messages m, Person p, String csrf, AlertView v, String base) {
        AlertRow a = v.alert();
        if (a.domain() != no.varde.model.Domain.WATER || a.zone() == null) {
            return;
        }
        h.open("section", "aria-labelledby", "res-h", "class", "panel").el("h2", m.get("residents.title"), "id", "res-h");
        if (a.confirmedForResidents()) {
            h.el("p", m.get("residents.done", a.zone()));
        } else if (a.isResolved()) {
            h.el("p", m.get("residents.resolved"));
        } else {
            int total = v.reach().values().stream().mapToInt(Integer::intValue).sum();
            h.el("p", m.get("residents.reach", total, a.zone()));
            for (Map.Entry<String, String> e : v.previews().entrySet()) {
                h.open("figure", "class", "sms").el("figcaption", m.get("residents.preview." + e.getKey()))
                        .el("blockquote", e.getValue(), "lang", e.getKey()).close("figure");
            }
            if (p.may(Role.ENGINEER)) {
                h.form(base + "/residents", csrf, "stacked");
                h.el("label", m.get("residents.note"), "for", "note")
                        .open("textarea", "id", "note", "name", "note", "rows", "2", "maxlength", "300").close("textarea");
                h.open("p", "class", "check").open("input", "type", "checkbox", "id", "confirm", "name", "confirm", "value", "yes", "required", "required")
                        .el("label", m.get("residents.confirm.box", total, a.zone()), "for", "confirm").close("p");
                h.endForm(m.get("action.residents"), "danger");
            }
        }
        h.close("section");
    }

    private static void events(Html h, Messages m, List<Map<String, Object>> events) {
        h.open("section", "aria-labelledby", "ev-h", "class", "panel").el("h2", m.get("events.title"), "id", "ev-h");
        h.open("table", "class", "trail").open("thead").open("tr").el("th", m.get("col.time"), "scope", "col")
                .el("th", m.get("col.who"), "scope", "col").el("th", m.get("col.what"), "scope", "col")
                .el("th", m.get("col.details"), "scope", "col").close("tr").close("thead").open("tbody");
        for (Map<String, Object> e : events) {
            h.open("tr").el("td", m.dateTime((Instant) e.get("at"))).el("td", String.valueOf(e.get("actor")))
                    .el("td", m.getOr("event." + e.get("action"), String.valueOf(e.get("action"))))
                    .el("td", details(m, String.valueOf(e.get("details")))).close("tr");
        }
        h.close("tbody").close("table").close("section");
    }

    private static void notifications(Html h, Messages m, List<Map<String, Object>> list) {
        h.open("section", "aria-labelledby", "no-h", "class", "panel").el("h2", m.get("notifications.title", list.size()), "id", "no-h");
        if (list.isEmpty()) {
            h.el("p", m.get("notifications.none"));
            return;
        }
        h.open("table", "class", "trail").open("thead").open("tr").el("th", m.get("col.time"), "scope", "col")
                .el("th", m.get("col.purpose"), "scope", "col").el("th", m.get("col.channel"), "scope", "col")
                .el("th", m.get("col.recipient"), "scope", "col").el("th", m.get("col.status"), "scope", "col").close("tr")
                .close("thead").open("tbody");
        for (Map<String, Object> n : list) {
            String status = String.valueOf(n.get("status"));
            Object error = n.get("last_error");
            h.open("tr").el("td", m.dateTime((Instant) n.get("created_at"))).el("td", m.getOr("purpose." + n.get("purpose"), String.valueOf(n.get("purpose"))))
                    .el("td", String.valueOf(n.get("channel"))).el("td", String.valueOf(n.get("recipient")))
                    .el("td", m.getOr("delivery." + status, status) + (n.get("sent_at") != null ? " " + m.dateTime((Instant) n.get("sent_at"))
                            : error != null ? " (" + error + ")" : ""))
                    .close("tr");
        }
        h.close("tbody").close("table").close("section");
    }

    /** An event's details as "key: value" pairs in words where the console knows the key, never raw JSON. */
    static String details(Messages m, String json) {
        io.vertx.core.json.JsonObject d;
        try {
            d = new io.vertx.core.json.JsonObject(json);
        } catch (RuntimeException notJson) {
            return json;
        }
        StringBuilder b = new StringBuilder();
        for (String key : d.fieldNames()) {
            Object v = d.getValue(key);
            String value = v instanceof io.vertx.core.json.JsonArray a ? String.join(", ", a.stream().map(String::valueOf).toList())
                    : "purpose".equals(key) ? m.getOr("purpose." + v, String.valueOf(v)) : String.valueOf(v);
            b.append(b.length() == 0 ? "" : "; ").append(m.getOr("detail." + key, key)).append(": ").append(value);
        }
        return b.toString();
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
