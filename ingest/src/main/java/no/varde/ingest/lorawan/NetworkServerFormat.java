package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonObject;

/** One network server's webhook format: which requests are uplinks, and how to read one. */
public interface NetworkServerFormat {
    /** The name used in dead letters ({@code integration:<source>}) and counters. */
    String source();

    /**
     * @param event the request's {@code event} query parameter (ChirpStack sets it), or null
     * @param body  the request body as JSON
     */
    NetworkServerEvent classify(String event, JsonObject body);
}
