package no.varde.console;

import java.time.Instant;
import java.util.List;
import no.varde.alerting.lifecycle.AlertRow;

/** "Nå": every unresolved alert, most severe first, in words, with one-tap actions; or only the ones assigned to me. */
final class NowPage {
    private NowPage() {
    }

    static Html render(Messages m, Person person, String csrf, List<AlertRow> alerts, boolean mine, String flash, Instant now) {
        Html h = new Html();
        h.el("h1", mine ? m.get("mine.title") : m.get("now.title"));
        flash(h, flash);
        if (alerts.isEmpty()) {
            h.el("p", mine ? m.get("mine.empty") : m.get("now.empty"), "class", "empty");
            return h;
        }
        h.el("p", m.get("now.count", alerts.size()), "class", "lead");
        h.open("ul", "class", "alerts");
        String back = mine ? Layout.BASE + "/mine" : Layout.BASE + "/";
        for (AlertRow a : alerts) {
            card(h, m, person, csrf, a, back, now);
        }
        return h.close("ul");
    }

    static void flash(Html h, String flash) {
        if (flash != null) {
            h.el("p", flash, "class", "flash", "role", "status");
        }
    }

    private static void card(Html h, Messages m, Person person, String csrf, AlertRow a, String back, Instant now) {
        String heading = "alert-" + a.id();
        h.open("li", "class", "alert sev-border-" + a.severity().id()).open("article", "aria-labelledby", heading);
        h.open("h2", "id", heading).open("a", "href", Layout.BASE + "/alerts/" + a.id()).text(Layout.title(m, a)).close("a").close("h2");
        h.open("p", "class", "meta");
        Layout.severity(h, m, a.severity());
        h.text(" ");
        Layout.state(h, m, a);
        h.close("p");
        h.el("p", words(m, a, now));
        if (a.assignee() != null) {
            h.el("p", m.get("assigned.to", a.assignee()), "class", "assignee");
        }
        if (person.may(Role.ENGINEER)) {
            h.open("div", "class", "actions");
            String base = Layout.BASE + "/alerts/" + a.id();
            if (a.isOpen()) {
                h.form(base + "/acknowledge", csrf, "inline").open("input", "type", "hidden", "name", "back", "value", back)
                        .endForm(m.get("action.acknowledge"), "primary");
            }
            h.form(base + "/resolve", csrf, "inline").open("input", "type", "hidden", "name", "back", "value", back)
                    .endForm(m.get("action.resolve"), "secondary");
            if (!isMine(a, person)) {
                h.form(base + "/assign", csrf, "inline").open("input", "type", "hidden", "name", "back", "value", back)
                        .open("input", "type", "hidden", "name", "assignee", "value", "me").endForm(m.get("action.assign.me"), "secondary");
            }
            h.el("a", m.get("action.comment"), "href", base + "#comment", "class", "button secondary");
            h.close("div");
        }
        h.close("article").close("li");
    }

    static boolean isMine(AlertRow a, Person p) {
        return p.actor().equals(a.assignee()) || p.username().equals(a.assignee());
    }

    /** "Vann i sone Nord, siden 14:05 (for 12 min siden), 3 hendelser." */
    static String words(Messages m, AlertRow a, Instant now) {
        String where = a.zone() == null ? m.get("where.town") : m.get("where.zone", a.zone());
        return m.get("alert.words", m.get("domain." + a.domain().id()), where, m.time(a.openedAt()), m.ago(a.openedAt(), now),
                a.occurrences());
    }
}
