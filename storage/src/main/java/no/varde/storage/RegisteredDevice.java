package no.varde.storage;

import java.time.Instant;

/** A device with what the registry knows about its life: when it was added, last heard from, how many tokens work. */
public record RegisteredDevice(Device device, Instant createdAt, Instant lastSeen, int activeCredentials) {
}
