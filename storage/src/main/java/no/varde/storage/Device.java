package no.varde.storage;

import no.varde.model.Domain;

/** A registered device as Varde knows it (never with its token). */
public record Device(String id, Domain kind, String zone, Double latitude, Double longitude, boolean enabled) {
}
