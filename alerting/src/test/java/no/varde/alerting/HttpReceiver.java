package no.varde.alerting;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server standing in for the SMS gateway and the webhook receivers. Each path
 * can answer 200, fail its first N requests with 503, fail every request, or never answer.
 */
final class HttpReceiver implements AutoCloseable {
    enum Mode { OK, FAIL, HANG }

    record Request(String path, Map<String, String> headers, String body, Instant receivedAt) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    HttpReceiver() {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String path = req.path();
            Map<String, String> headers = new ConcurrentHashMap<>();
            req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
            requests.add(new Request(path, headers, body.toString(), Instant.now()));
            Mode mode = modes.getOrDefault(path, Mode.OK);
            AtomicInteger left = failuresLeft.get(path);
            if (mode == Mode.HANG) {
                return;
            }
            if (mode == Mode.FAIL || left != null && left.getAndDecrement() > 0) {
                req.response().setStatusCode(503).end("gateway unavailable");
            } else {
                req.response().setStatusCode(200).end("{}");
            }
        })).listen(0, "127.0.0.1").await();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    void mode(String path, Mode mode) {
        modes.put(path, mode);
    }

    /** The first {@code n} requests to {@code path} get 503, later ones 200. */
    void failFirst(String path, int n) {
        failuresLeft.put(path, new AtomicInteger(n));
    }

    List<Request> at(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
