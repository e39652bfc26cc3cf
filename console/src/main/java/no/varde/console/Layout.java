package no.varde.console;

import no.varde.alerting.lifecycle.AlertRow;
import no.varde.model.anomaly.Severity;

/**
 * The frame of every console page: language, a skip link, the header with navigation, who is
 * signed in, the language switch and sign-out, and one {@code <main>}. Styles come from one
 * stylesheet and there is no script at all, so the content security policy can forbid both inline.
 */
final class Layout {
    static final String BASE = "/console";

    private Layout() {
    }

    /** @param current the navigation entry to mark as the current page ("now", "mine"), or null */
    static String page(Messages m, Person person, String csrf, String title, String current, String path, Html body) {
        Html h = new Html();
        h.raw("<!doctype html>").open("html", "lang", m.lang()).open("head").open("meta", "charset", "utf-8")
                .open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .el("title", title + " – Varde")
                .open("link", "rel", "stylesheet", "href", BASE + "/static/console.css").close("head").open("body");
        h.el("a", m.get("skip"), "class", "skip", "href", "#main");
        h.open("header", "class", "top").open("nav", "aria-label", m.get("nav.label")).open("ul");
        item(h, BASE + "/", m.get("nav.now"), "now".equals(current));
        item(h, BASE + "/mine", m.get("nav.mine"), "mine".equals(current));
        item(h, BASE + "/fleet", m.get("nav.fleet"), "fleet".equals(current));
        item(h, BASE + "/gains", m.get("nav.gains"), "gains".equals(current));
        h.close("ul").close("nav");
        h.open("div", "class", "who");
        if (person != null) {
            h.el("span", m.get("signed.in.as", person.name(), m.get("role." + (person.role() == null ? "none" : person.role().id()))));
            h.form(BASE + "/logout", csrf, "inline").endForm(m.get("sign.out"), "link");
        }
        String other = "en".equals(m.lang()) ? "nb" : "en";
        h.open("a", "href", path + (path.contains("?") ? "&" : "?") + "lang=" + other, "lang", other, "hreflang", other)
                .text("en".equals(other) ? "English" : "Norsk (bokmål)").close("a");
        h.close("div").close("header");
        h.open("main", "id", "main", "tabindex", "-1").raw(body.toString()).close("main");
        h.close("body").close("html");
        return h.toString();
    }

    private static void item(Html h, String href, String text, boolean current) {
        h.open("li").open("a", "href", href, "aria-current", current ? "page" : null).text(text).close("a").close("li");
    }

    /** The severity as a word and a shape, never by colour alone. */
    static void severity(Html h, Messages m, Severity s) {
        String shape = switch (s) {
            case CRITICAL -> "▲";
            case WARNING -> "◆";
            case INFO -> "●";
        };
        h.open("span", "class", "sev sev-" + s.id()).open("span", "aria-hidden", "true").text(shape + " ").close("span")
                .text(m.get("severity." + s.id())).close("span");
    }

    /**
     * The alert's headline in the reader's language: what kind of problem, in which domain and where
     * ("Taus enhet: vann i sone Nord"). Alerting's own title (English, in messages) is kept for the record.
     */
    static String title(Messages m, AlertRow a) {
        String where = a.zone() == null ? m.get("where.town") : m.get("where.zone", a.zone());
        return m.get("alert.title", m.getOr("kind." + a.kind(), a.kind()), m.get("domain.lower." + a.domain().id()), where);
    }

    static void state(Html h, Messages m, AlertRow a) {
        h.el("span", m.get("state." + a.state()), "class", "state state-" + a.state());
    }
}
