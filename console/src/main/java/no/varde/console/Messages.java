package no.varde.console;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's words in bokmål (the default) or English, and its dates and times, always in
 * Europe/Oslo whatever the server's zone. A missing text fails loudly in tests, not silently on a page.
 */
final class Messages {
    static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    private final String lang;
    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(String lang) {
        this.lang = lang;
        this.locale = "en".equals(lang) ? Locale.UK : Locale.forLanguageTag("nb-NO");
        this.bundle = ResourceBundle.getBundle("no.varde.console.console", "en".equals(lang) ? Locale.ENGLISH : Locale.forLanguageTag("nb"),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static final Messages NB = new Messages("nb");
    private static final Messages EN = new Messages("en");

    static Messages of(String lang) {
        return "en".equals(lang) ? EN : NB;
    }

    String lang() {
        return lang;
    }

    String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no console text '" + key + "' in " + lang, e);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** The text for {@code key}, or {@code fallback} where there is none (values that come from data, such as event kinds). */
    String getOr(String key, String fallback) {
        return bundle.containsKey(key) ? bundle.getString(key) : fallback;
    }

    /** "3. des. 2026, 14:05" / "3 Dec 2026, 14:05", Oslo time. */
    String dateTime(Instant t) {
        return t == null ? "–" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .format(t.atZone(OSLO));
    }

    String time(Instant t) {
        return t == null ? "–" : DateTimeFormatter.ofPattern("HH:mm").format(t.atZone(OSLO));
    }

    /** Machine-readable form for {@code <time datetime>}. */
    static String iso(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(OSLO));
    }

    /** "for 3 t 12 min siden" / "3 h 12 min ago". */
    String ago(Instant t, Instant now) {
        if (t == null) {
            return "–";
        }
        Duration d = Duration.between(t, now);
        if (d.isNegative() || d.toMinutes() < 1) {
            return get("ago.now");
        }
        if (d.toHours() < 1) {
            return get("ago.minutes", d.toMinutes());
        }
        if (d.toDays() < 2) {
            return get("ago.hours", d.toHours(), d.toMinutesPart());
        }
        return get("ago.days", d.toDays());
    }

    String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 3);
        return f.format(v);
    }
}
