package no.varde.alerting.residents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Residents' subscriptions to water-supply warnings for one or more zones. Subscribing the same
 * number again replaces its zones and language (no duplicates, found by digest); unsubscribing
 * deletes the row and, through the foreign key, detaches any warning still waiting to be sent.
 */
public final class SubscriptionStore {
    public record Subscription(UUID id, String channel, String addressHint, String language, Set<String> zones, Instant createdAt) {
    }

    /** Who gets a warning for a zone; the address stays sealed until the moment of sending. */
    public record Subscriber(UUID id, String channel, String language) {
    }

    private final DataSource db;
    private final AddressVault vault;

    public SubscriptionStore(DataSource db, AddressVault vault) {
        this.db = db;
        this.vault = vault;
    }

    public Subscription subscribe(String channel, String address, String language, Set<String> zones) throws SQLException {
        if (!"nb".equals(language) && !"nn".equals(language)) {
            throw new IllegalArgumentException("language must be nb (bokmål) or nn (nynorsk)");
        }
        if (zones == null || zones.isEmpty() || zones.stream().anyMatch(z -> z == null || z.isBlank())) {
            throw new IllegalArgumentException("at least one zone is required");
        }
        String normalised = Addresses.normalise(channel, address);
        byte[] digest = vault.digest(channel, normalised);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            UUID id;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO resident_subscriptions (id, channel, address_digest, address_sealed, address_hint, language)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (address_digest) DO UPDATE SET language = excluded.language
                    RETURNING id""")) {
                s.setObject(1, UUID.randomUUID());
                s.setString(2, channel);
                s.setBytes(3, digest);
                s.setBytes(4, vault.seal(normalised));
                s.setString(5, Addresses.mask(channel, normalised));
                s.setString(6, language);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getObject(1, UUID.class);
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM resident_subscription_zones WHERE subscription_id = ?");
                 PreparedStatement add = c.prepareStatement("INSERT INTO resident_subscription_zones (subscription_id, zone) VALUES (?, ?)")) {
                del.setObject(1, id);
                del.executeUpdate();
                for (String zone : new TreeSet<>(zones)) {
                    add.setObject(1, id);
                    add.setString(2, zone.trim());
                    add.addBatch();
                }
                add.executeBatch();
            }
            c.commit();
            return find(id).orElseThrow();
        }
    }

    public boolean unsubscribe(UUID id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM resident_subscriptions WHERE id = ?")) {
            s.setObject(1, id);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Subscription> find(UUID id) throws SQLException {
        List<Subscription> found = query("WHERE s.id = ?", id, 1, 0);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Staff's view: masked addresses only. */
    public List<Subscription> list(String zone, int limit, int offset) throws SQLException {
        return zone == null ? query("", null, limit, offset)
                : query("WHERE s.id IN (SELECT subscription_id FROM resident_subscription_zones WHERE zone = ?)", zone, limit, offset);
    }

    public List<Subscriber> subscribersOf(Connection c, String zone) throws SQLException {
        List<Subscriber> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT s.id, s.channel, s.language FROM resident_subscriptions s
                JOIN resident_subscription_zones z ON z.subscription_id = s.id WHERE z.zone = ? ORDER BY s.id""")) {
            s.setString(1, zone);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Subscriber(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** The real address, only for the channel that is about to send to it. */
    public Optional<String> address(UUID id) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT address_sealed FROM resident_subscriptions WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(vault.open(rs.getBytes(1))) : Optional.empty();
            }
        }
    }

    private List<Subscription> query(String where, Object param, int limit, int offset) throws SQLException {
        String sql = "SELECT s.id, s.channel, s.address_hint, s.language, s.created_at, "
                + "ARRAY(SELECT zone FROM resident_subscription_zones z WHERE z.subscription_id = s.id ORDER BY zone) "
                + "FROM resident_subscriptions s " + where + " ORDER BY s.created_at, s.id LIMIT ? OFFSET ?";
        List<Subscription> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (param != null) {
                s.setObject(i++, param);
            }
            s.setInt(i++, Math.max(1, Math.min(limit, 1000)));
            s.setInt(i, Math.max(0, offset));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Subscription(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            new TreeSet<>(List.of((String[]) rs.getArray(6).getArray())), rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return out;
    }
}
