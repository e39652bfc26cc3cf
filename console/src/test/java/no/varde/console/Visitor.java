package no.varde.console;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person at a browser, without the browser: keeps cookies, follows redirects one by one (so
 * tests can look at each), fills Keycloak's real login form, and posts the console's forms with
 * the CSRF token the page carried.
 */
final class Visitor {
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"" + ConsoleRoutes.CSRF_FIELD + "\" value=\"([^\"]+)\"");

    final LoopbackCookies cookies = new LoopbackCookies();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, Map<String, String> form) throws IOException, InterruptedException {
        return post(url, form, null);
    }

    HttpResponse<String> post(String url, Map<String, String> form, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Follows redirects from {@code response} until a page answers; returns that page. */
    HttpResponse<String> follow(HttpResponse<String> response) throws IOException, InterruptedException {
        HttpResponse<String> r = response;
        for (int hops = 0; hops < 10 && r.statusCode() / 100 == 3; hops++) {
            r = get(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()).toString());
        }
        return r;
    }

    /** Opens {@code url}, signs in at the identity provider's login form when sent there, and returns the page reached. */
    HttpResponse<String> signIn(String url, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> login = follow(get(url));
        Matcher m = FORM_ACTION.matcher(login.body());
        if (!m.find()) {
            throw new AssertionError("no Keycloak login form at " + login.uri() + " (" + login.statusCode() + ")");
        }
        String action = m.group(1).replace("&amp;", "&");
        return follow(post(action, Map.of("username", username, "password", password, "credentialId", "")));
    }

    static String csrfToken(String page) {
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("the page carries no CSRF token");
        }
        return m.group(1);
    }

    /** A console form: the page's CSRF token plus the fields given. */
    static Map<String, String> form(String page, String... fields) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(ConsoleRoutes.CSRF_FIELD, csrfToken(page));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            f.put(fields[i], fields[i + 1]);
        }
        return f;
    }

    /**
     * Cookies as a browser keeps them for a loopback address: like browsers, and unlike
     * {@code java.net.CookieManager}, it sends cookies marked Secure over plain http to 127.0.0.1,
     * which browsers count as a secure context (Keycloak marks its cookies Secure there).
     * Cookies are keyed by host, name and path, never by port, as RFC 6265 says.
     */
    static final class LoopbackCookies extends CookieHandler {
        private final Map<String, HttpCookie> jar = new LinkedHashMap<>();

        @Override
        public synchronized Map<String, java.util.List<String>> get(URI uri, Map<String, java.util.List<String>> requestHeaders) {
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            String header = jar.values().stream().filter(c -> c.getDomain().equals(uri.getHost()))
                    .filter(c -> path.startsWith(c.getPath()))
                    .map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
            return header.isEmpty() ? Map.of() : Map.of("Cookie", java.util.List.of(header));
        }

        @Override
        public synchronized void put(URI uri, Map<String, java.util.List<String>> responseHeaders) {
            for (Map.Entry<String, java.util.List<String>> e : responseHeaders.entrySet()) {
                if (e.getKey() == null || !e.getKey().equalsIgnoreCase("Set-Cookie")) {
                    continue;
                }
                for (String line : e.getValue()) {
                    for (HttpCookie c : HttpCookie.parse(line)) {
                        c.setDomain(uri.getHost());
                        if (c.getPath() == null) {
                            c.setPath("/");
                        }
                        String key = c.getDomain() + "|" + c.getName() + "|" + c.getPath();
                        if (c.getMaxAge() == 0) {
                            jar.remove(key);
                        } else {
                            jar.put(key, c);
                        }
                    }
                }
            }
        }

        /** The value of a cookie the visitor holds, or null. */
        synchronized String value(String name) {
            return jar.values().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst().orElse(null);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
