package no.varde.alerting.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The two small HTML pages behind signed links. Plain, large and readable on a phone at night,
 * with a real button: a link preview or a mail scanner that follows the link (GET) changes
 * nothing; only the person pressing the button (POST) acknowledges or unsubscribes.
 */
final class Pages {
    private Pages() {
    }

    static void page(RoutingContext ctx, int status, String lang, String title, String text, String button, String extraField) {
        StringBuilder b = new StringBuilder("<!doctype html><html lang=\"").append(lang).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").append(escape(title))
                .append("</title><style>body{font-family:system-ui,sans-serif;font-size:1.25rem;max-width:36rem;margin:2rem auto;padding:0 1rem;"
                        + "line-height:1.5;color:#111;background:#fff}button{font-size:1.25rem;padding:.75rem 1.5rem;border:2px solid #111;"
                        + "background:#0b4f8a;color:#fff;border-radius:.4rem}label,input{display:block;font-size:1.1rem;margin:.5rem 0}"
                        + "input{padding:.5rem;width:100%;box-sizing:border-box}</style></head><body><main><h1>")
                .append(escape(title)).append("</h1><p>").append(escape(text)).append("</p>");
        if (button != null) {
            b.append("<form method=\"post\">");
            if (extraField != null) {
                b.append(extraField);
            }
            b.append("<button type=\"submit\">").append(escape(button)).append("</button></form>");
        }
        b.append("</main></body></html>");
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                .putHeader("Referrer-Policy", "no-referrer").putHeader("X-Frame-Options", "DENY").end(b.toString());
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
