package no.varde.opendata.sta;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The query string of a next link: the request's own options, with the page position replaced. */
final class StaLinks {
    private StaLinks() {
    }

    static String query(Map<String, String> options, StaQuery.Page page) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> p : options.entrySet()) {
            String key = p.getKey();
            if (key.equals("$skiptoken") || key.equals("$skip")) {
                continue;
            }
            q.append(q.isEmpty() ? "" : "&").append(encode(key)).append('=').append(encode(p.getValue()));
        }
        q.append(q.isEmpty() ? "" : "&").append(page.skipToken() != null ? "$skiptoken=" + page.skipToken() : "$skip=" + page.nextSkip());
        return q.toString();
    }

    /** An id as it stands in a link's path, {@code ('...')}: quotes doubled, then percent-encoded except the characters ids use. */
    static String pathId(String id) {
        return "('" + URLEncoder.encode(id.replace("'", "''"), StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":")
                .replace("%40", "@").replace("%7E", "~").replace("%27", "'") + "')";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$").replace("%27", "'");
    }
}
