package no.varde.opendata.sta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One item of {@code $expand}: a navigation property, the query options that apply to what it
 * expands ({@code Datastreams($filter=...;$top=2;$expand=Observations($top=1))}), and, for a path
 * such as {@code Datastreams/ObservedProperty}, the item one level further down.
 */
record ExpandItem(String link, Map<String, String> options) {
    static final int MAX_DEPTH = 4;

    static List<ExpandItem> parse(String text) {
        return parse(text, 0);
    }

    private static List<ExpandItem> parse(String text, int depth) {
        if (depth > MAX_DEPTH) {
            throw StaException.badRequest("$expand is nested more than " + MAX_DEPTH + " deep");
        }
        List<ExpandItem> items = new ArrayList<>();
        for (String part : split(text, ',')) {
            String item = part.strip();
            String path = item;
            Map<String, String> options = new LinkedHashMap<>();
            int open = item.indexOf('(');
            if (open >= 0) {
                if (!item.endsWith(")")) {
                    throw StaException.badRequest("$expand: '" + item + "' opens a parenthesis it does not close");
                }
                path = item.substring(0, open).strip();
                for (String option : split(item.substring(open + 1, item.length() - 1), ';')) {
                    int eq = option.indexOf('=');
                    if (eq <= 0) {
                        throw StaException.badRequest("$expand: '" + option.strip() + "' is not an option such as $top=3");
                    }
                    options.put(option.substring(0, eq).strip(), option.substring(eq + 1).strip());
                }
            }
            if (path.isEmpty()) {
                throw StaException.badRequest("$expand: an empty item");
            }
            int slash = path.indexOf('/');
            if (slash >= 0) {
                // Datastreams/Observations($top=1) is Datastreams($expand=Observations($top=1)).
                String rest = path.substring(slash + 1) + (open >= 0 ? item.substring(open) : "");
                Map<String, String> outer = new LinkedHashMap<>();
                outer.put("$expand", rest);
                items.add(new ExpandItem(path.substring(0, slash), outer));
            } else {
                items.add(new ExpandItem(path, options));
            }
        }
        for (ExpandItem item : items) {
            if (item.options.containsKey("$expand")) {
                parse(item.options.get("$expand"), depth + 1);
            }
        }
        return items;
    }

    /** Splits at {@code separator} outside parentheses and quoted strings. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0 || quoted) {
            throw StaException.badRequest("$expand: unbalanced parentheses or quotes in '" + text + "'");
        }
        parts.add(text.substring(start));
        return parts;
    }
}
