package no.varde.ingest.lorawan;

import java.util.regex.Pattern;

/**
 * Numbers written as text, as some payload codecs emit them ({@code "12.5"}, {@code "-0.4"},
 * {@code "1e3"}). Only plain decimal notation counts: no units, hex, NaN, thousands separators or
 * decimal commas, so that nothing is guessed.
 */
final class NumericText {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");

    private NumericText() {
    }

    /** The number, or null when the text is not one. */
    static Double parse(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > 64 || !DECIMAL.matcher(trimmed).matches()) {
            return null;
        }
        return Double.parseDouble(trimmed);
    }

    static String printable(String text) {
        String cut = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        StringBuilder out = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
