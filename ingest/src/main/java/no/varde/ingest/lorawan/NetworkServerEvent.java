package no.varde.ingest.lorawan;

import no.varde.model.validation.RejectReason;

/**
 * What a network server's request is: an uplink to store, a documented event that carries no
 * readings (acknowledged and counted), or a body to refuse with a reason (400, dead-lettered).
 */
public sealed interface NetworkServerEvent {
    record Uplink(LoraWanUplink uplink) implements NetworkServerEvent {
    }

    /** @param event the network server's name for it (join, status, ack, txack, log, location, ...) */
    record Other(String event) implements NetworkServerEvent {
    }

    record Refused(RejectReason reason, String message) implements NetworkServerEvent {
    }
}
