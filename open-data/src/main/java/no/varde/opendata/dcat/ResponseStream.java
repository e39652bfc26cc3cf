package no.varde.opendata.dcat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream into a chunked HTTP response, for a worker thread: it sends 64 KiB at a time
 * and waits until each piece is written, so a slow client slows the database read instead of
 * filling the heap.
 */
final class ResponseStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final HttpServerResponse response;
    private final byte[] buffer = new byte[CHUNK];
    private int used;

    ResponseStream(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        if (used == CHUNK) {
            flush();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == CHUNK) {
                flush();
            }
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    @Override
    public void flush() throws IOException {
        if (used == 0) {
            return;
        }
        Buffer chunk = Buffer.buffer(used).appendBytes(buffer, 0, used);
        used = 0;
        try {
            response.write(chunk).toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            throw new IOException("the client went away", e);
        }
    }
}
