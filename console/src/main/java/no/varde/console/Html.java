package no.varde.console;

/**
 * Builds the console's HTML. Everything that goes in as text or an attribute value is escaped;
 * only {@link #raw} takes markup, and only markup this package made (the chart's SVG).
 */
final class Html {
    private final StringBuilder b = new StringBuilder(4096);

    /** Opens {@code tag} with attribute name/value pairs; a null value leaves that attribute out. */
    Html open(String tag, String... attributes) {
        b.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                b.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        b.append('>');
        return this;
    }

    Html close(String tag) {
        b.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <tag attrs>text</tag>}. */
    Html el(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    Html text(String s) {
        b.append(escape(s));
        return this;
    }

    Html raw(String markup) {
        b.append(markup);
        return this;
    }

    /** A POST form with the CSRF token and one submit button (plus any fields the caller adds before {@link #endForm}). */
    Html form(String action, String csrf, String cssClass) {
        return open("form", "method", "post", "action", action, "class", cssClass)
                .open("input", "type", "hidden", "name", ConsoleRoutes.CSRF_FIELD, "value", csrf);
    }

    Html endForm(String button, String buttonClass) {
        return el("button", button, "type", "submit", "class", buttonClass).close("form");
    }

    @Override
    public String toString() {
        return b.toString();
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
