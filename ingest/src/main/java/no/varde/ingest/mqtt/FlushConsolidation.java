package no.varde.ingest.mqtt;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Lets the acknowledgements that leave a device connection together share one write to the
 * socket. PUBACKs are sent when Kafka confirms a batch, outside any read of the connection, and
 * Vert.x flushes every write made outside a read at once: one system call (and, on loopback, the
 * receiver's TCP work too) per acknowledgement. Netty's {@link FlushConsolidationHandler} instead
 * defers such a flush to the end of the event loop's queued tasks, so acknowledgements already
 * queued for the same connection go out in one write (Kafka's I/O thread queues a batch's one by
 * one, so how many share a write depends on how far it got), and flushes within a read wait for
 * the read to complete, as Vert.x does. A deferred flush waits only for tasks already queued; a
 * close flushes what is pending first. Measured: about 4 % less of the event loops' CPU per reading
 * at 15,000 msg/s (docs/capacity.md, 2026-12-06 night).
 */
final class FlushConsolidation {
    static final String HANDLER_NAME = "varde-flush-consolidation";
    /** Flushes merged at most before one goes out anyway, so a long task queue cannot hold acknowledgements back. */
    static final int MAX_MERGED_FLUSHES = 64;

    private FlushConsolidation() {
    }

    /** Installs the handler in front of the MQTT encoder of {@code socket}; false if the socket's pipeline cannot be reached. */
    static boolean install(NetSocket socket) {
        if (!(socket instanceof NetSocketInternal internal)) {
            return false;
        }
        ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
        if (pipeline.get(HANDLER_NAME) != null) {
            return true;
        }
        if (pipeline.get("mqttEncoder") == null) {
            return false;
        }
        pipeline.addBefore("mqttEncoder", HANDLER_NAME, new FlushConsolidationHandler(MAX_MERGED_FLUSHES, true));
        return true;
    }
}
