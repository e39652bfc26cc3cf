package no.varde.simulator.link;

import java.util.concurrent.atomic.LongAdder;

/** What the links of one simulation did, summed over all of them. */
public final class LinkStats {
    final LongAdder offered = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder droppedBufferFull = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder connectionsLost = new LongAdder();

    /** Messages handed to the links. */
    public long offered() {
        return offered.sum();
    }

    /** Messages the server acknowledged as accepted. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** Messages the server acknowledged with a refusal (reason code 0x80 or above). */
    public long rejected() {
        return rejected.sum();
    }

    /** Messages dropped because a disconnected device's buffer was full: the only way the simulator loses data, and counted. */
    public long droppedBufferFull() {
        return droppedBufferFull.sum();
    }

    /** Messages sent again after a connection dropped before their PUBACK. */
    public long resent() {
        return resent.sum();
    }

    public long connects() {
        return connects.sum();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    public long connectionsLost() {
        return connectionsLost.sum();
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT, "offered %d, acknowledged %d, rejected %d, resent %d, dropped (buffer full) %d, "
                + "connects %d, connect failures %d, connections lost %d", offered(), acknowledged(), rejected(), resent(),
                droppedBufferFull(), connects(), connectFailures(), connectionsLost());
    }
}
