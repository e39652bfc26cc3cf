package no.varde.alerting.channel;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends one HTTP request for the SMS gateway and webhook channels and turns what happens into a
 * {@link DeliveryException} with a reason of our own: 2xx is delivered; 408, 429 and 5xx, time-outs
 * and refused connections are worth retrying; other 4xx will not get better by retrying.
 */
final class HttpPost {
    private final HttpClient client;
    private final Duration timeout;

    HttpPost(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    CompletableFuture<Void> send(String method, URI uri, Map<String, String> headers, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", contentType)
                .header("User-Agent", "Varde-alerting").method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                throw reason(failure instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : failure);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return null;
            }
            throw new DeliveryException("HTTP " + status, status / 100 == 4 && status != 408 && status != 429);
        });
    }

    private DeliveryException reason(Throwable failure) {
        if (failure instanceof DeliveryException d) {
            return d;
        }
        if (failure instanceof HttpTimeoutException) {
            return new DeliveryException("no answer within " + timeout.toSeconds() + " s", false);
        }
        if (failure instanceof ConnectException) {
            return new DeliveryException("connection refused or unreachable", false);
        }
        return new DeliveryException(failure.getClass().getSimpleName(), false);
    }
}
