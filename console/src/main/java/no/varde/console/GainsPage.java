package no.varde.console;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Gevinst og måling" for one month: a sentence a leader can repeat, charts, and the table per
 * zone behind them. The same markup is the console's page and the report file {@code varde report}
 * writes (with the stylesheet inlined), so what is printed is what was on screen.
 */
public final class GainsPage {
    private GainsPage() {
    }

    static Html render(Messages m, Gains.Report r, boolean inConsole) {
        Html h = new Html();
        h.el("h1", m.get("gains.title", monthName(m, r.month())));
        if (inConsole) {
            h.open("nav", "class", "months", "aria-label", m.get("gains.months"));
            h.el("a", m.get("gains.previous"), "href", Layout.BASE + "/gains?month=" + r.month().minusMonths(1));
            h.text(" ");
            h.el("a", m.get("gains.next"), "href", Layout.BASE + "/gains?month=" + r.month().plusMonths(1));
            h.close("nav");
            h.open("form", "method", "get", "action", Layout.BASE + "/gains", "class", "stacked month-form")
                    .el("label", m.get("gains.choose"), "for", "month")
                    .open("input", "type", "month", "id", "month", "name", "month", "value", r.month().toString())
                    .el("button", m.get("gains.show"), "type", "submit", "class", "secondary").close("form");
        }
        Gains.Row t = r.town();
        h.el("p", m.get("gains.summary", t.alerts(), minutes(m, t.acknowledgement()[0]), minutes(m, t.resolution()[0]), t.falseAlarms(),
                percent(m, t.completeness()), t.warnedAlerts()), "class", "lead");
        if (t.alerts() == 0 && Double.isNaN(t.completeness())) {
            h.el("p", m.get("gains.empty"));
        }
        List<Gains.Row> rows = r.zones();
        chart(h, "g-alerts", m.get("gains.chart.alerts"), rows, row -> row.alerts(), row -> m.get("gains.n.alerts", row.alerts()), m);
        chart(h, "g-ack", m.get("gains.chart.ack"), rows, row -> row.acknowledgement()[0], row -> minutes(m, row.acknowledgement()[0]), m);
        chart(h, "g-complete", m.get("gains.chart.completeness"), rows, row -> Double.isNaN(row.completeness()) ? Double.NaN
                : 100 * row.completeness(), row -> percent(m, row.completeness()), m);

        h.open("section", "aria-labelledby", "g-table-h", "class", "panel").el("h2", m.get("gains.table"), "id", "g-table-h");
        h.open("div", "class", "scroll", "tabindex", "0").open("table", "class", "gains").open("thead").open("tr");
        for (String col : new String[] {"zone", "alerts", "false", "detect", "ack", "resolve", "complete", "warned", "allclear"}) {
            h.el("th", m.get("gains.col." + col), "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
        for (Gains.Row row : rows) {
            tableRow(h, m, row, zoneName(m, row.zone()));
        }
        h.close("tbody").open("tfoot");
        tableRow(h, m, t, m.get("gains.town"));
        h.close("tfoot").close("table").close("div");
        h.el("p", m.get("gains.method"), "class", "detail");
        h.close("section");
        if (!r.truth().isEmpty()) {
            h.open("section", "aria-labelledby", "g-truth-h", "class", "panel").el("h2", m.get("gains.truth"), "id", "g-truth-h");
            h.open("table", "class", "gains").open("thead").open("tr");
            for (String col : new String[] {"kind", "injected", "found", "share"}) {
                h.el("th", m.get("gains.truth.col." + col), "scope", "col");
            }
            h.close("tr").close("thead").open("tbody");
            for (Gains.TruthRow truth : r.truth()) {
                h.open("tr").el("th", m.getOr("incident." + truth.kind(), truth.kind()), "scope", "row").el("td", Integer.toString(truth.injected()))
                        .el("td", Integer.toString(truth.found()))
                        .el("td", percent(m, truth.injected() == 0 ? Double.NaN : (double) truth.found() / truth.injected()))
                        .close("tr");
            }
            h.close("tbody").close("table").el("p", m.get("gains.truth.method"), "class", "detail").close("section");
        }
        return h;
    }

    /** The report as a file: the same content, the console's stylesheet inlined, no navigation. */
    public static String document(String lang, Gains.Report r) {
        String css;
        try (java.io.InputStream in = GainsPage.class.getResourceAsStream("static/console.css")) {
            css = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the console's stylesheet cannot be read", e);
        }
        Messages m = Messages.of(lang);
        Html h = new Html();
        h.raw("<!doctype html>").open("html", "lang", m.lang()).open("head").open("meta", "charset", "utf-8")
                .open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .el("title", m.get("gains.title", monthName(m, r.month())) + " – Varde").open("style").raw(css).close("style").close("head")
                .open("body").open("main", "id", "main").raw(render(m, r, false).toString())
                .el("p", m.get("gains.generated", m.dateTime(java.time.Instant.now())), "class", "detail").close("main").close("body").close("html");
        return h.toString();
    }

    private static void tableRow(Html h, Messages m, Gains.Row row, String name) {
        h.open("tr").el("th", name, "scope", "row")
                .el("td", m.get("gains.by.domain", row.alerts(), row.byDomain().get("water"), row.byDomain().get("air"), row.byDomain().get("traffic")))
                .el("td", Integer.toString(row.falseAlarms()))
                .el("td", pair(m, row.detection())).el("td", pair(m, row.acknowledgement())).el("td", pair(m, row.resolution()))
                .el("td", percent(m, row.completeness()))
                .el("td", m.get("gains.warned", row.warnedAlerts(), row.warningsSent()))
                .el("td", minutes(m, row.allClear()[0])).close("tr");
    }

    private interface Value {
        double of(Gains.Row row);
    }

    private interface Text {
        String of(Gains.Row row);
    }

    private static void chart(Html h, String id, String title, List<Gains.Row> rows, Value value, Text text, Messages m) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Gains.Row row : rows) {
            bars.add(new BarChart.Bar(zoneName(m, row.zone()), value.of(row), text.of(row)));
        }
        h.open("section", "aria-labelledby", id + "-h", "class", "panel chart-panel").el("h2", title, "id", id + "-h")
                .raw(BarChart.svg(id, title, bars)).close("section");
    }

    static String zoneName(Messages m, String zone) {
        return zone == null || zone.isEmpty() ? m.get("gains.nozone") : zone;
    }

    static String monthName(Messages m, YearMonth month) {
        Locale l = "en".equals(m.lang()) ? Locale.UK : Locale.forLanguageTag("nb-NO");
        return month.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, l) + " " + month.getYear();
    }

    static String minutes(Messages m, double minutes) {
        if (Double.isNaN(minutes)) {
            return "–";
        }
        if (minutes < 90) {
            return m.get("gains.min", m.number(minutes < 10 ? Math.round(minutes * 10) / 10.0 : Math.round(minutes)));
        }
        return m.get("gains.hours", m.number(Math.round(minutes / 6) / 10.0));
    }

    private static String pair(Messages m, double[] q) {
        return Double.isNaN(q[0]) ? "–" : m.get("gains.pair", minutes(m, q[0]), minutes(m, q[1]));
    }

    static String percent(Messages m, double share) {
        return Double.isNaN(share) ? "–" : m.number(Math.round(share * 1000) / 10.0) + " %";
    }

    static YearMonth parseMonth(String text, YearMonth fallback) {
        try {
            return text == null || text.isBlank() ? fallback : YearMonth.parse(text.strip(), DateTimeFormatter.ofPattern("yyyy-MM"));
        } catch (java.time.format.DateTimeParseException e) {
            return fallback;
        }
    }
}
