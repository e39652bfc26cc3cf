package no.varde.storage;

/** One active credential of a device: its id and salted hash. */
public record StoredCredential(long id, String secretHash) {
}
