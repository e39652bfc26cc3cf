package no.varde.dashboards;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import no.varde.model.Reading;
import no.varde.simulator.Simulation;
import no.varde.simulator.city.CityModel;
import no.varde.simulator.city.Report;
import no.varde.simulator.city.Town;
import no.varde.simulator.city.TownDevice;
import no.varde.simulator.incident.IncidentSchedule;
import no.varde.simulator.scenario.ScenarioLoader;
import org.postgresql.PGConnection;

/**
 * Fills a database with the simulated town's history, as the platform would have stored it:
 * devices, raw readings (COPY), the 1-minute and 1-hour rollups computed from them (the same
 * columns the Flink job writes), and a few anomalies, alerts and dead letters, so that every panel
 * has rows. A bulk generator: days of the town in seconds, from the same model the simulator plays.
 */
public final class TownHistory {
    private TownHistory() {
    }

    /** @param step one reading per device and metric this often (the town's own interval when shorter is not needed) */
    static void load(DataSource db, int devices, Instant from, Instant to, Duration step) throws Exception {
        load(db, devices, from, to, step, true);
    }

    /** @param copy false for servers without COPY FROM STDIN (PGlite): rows go in as small statements */
    static void load(DataSource db, int devices, Instant from, Instant to, Duration step, boolean copy) throws Exception {
        Town town = Simulation.town(ScenarioLoader.defaultScenario(), devices, null);
        CityModel model = new CityModel(town, 42, IncidentSchedule.none(from));
        try (Connection c = db.getConnection()) {
            // PGlite (TimescaleDB in WebAssembly) gives up on one long transaction; statement by statement it copes.
            c.setAutoCommit(!copy);
            insertDevices(c, town, to);
            copyReadings(c, town, model, from, to, step, copy);
            rollupsAndIncidents(c, town, to);
            if (copy) {
                c.commit();
            }
        }
    }

    /**
     * The benchmark's month: readings every {@code sparse} from {@code from}, then at the devices'
     * real one-minute density from {@code denseFrom} (what ranges up to 36 hours read), with a
     * progress line per simulated day.
     */
    public static void loadMonth(DataSource db, int devices, Instant from, Instant denseFrom, Instant to, Duration sparse) throws Exception {
        Town town = Simulation.town(ScenarioLoader.defaultScenario(), devices, null);
        CityModel model = new CityModel(town, 42, IncidentSchedule.none(from));
        try (Connection c = db.getConnection()) {
            insertDevices(c, town, to);
            Instant started = Instant.now();
            for (Instant day = from; day.isBefore(to); day = day.plus(Duration.ofDays(1))) {
                Instant end = day.plus(Duration.ofDays(1)).isAfter(to) ? to : day.plus(Duration.ofDays(1));
                Instant split = denseFrom.isAfter(day) && denseFrom.isBefore(end) ? denseFrom : null;
                if (split != null) {
                    copyReadings(c, town, model, day, split, sparse, true);
                    copyReadings(c, town, model, split, end, Duration.ofMinutes(1), true);
                } else {
                    copyReadings(c, town, model, day, end, day.isBefore(denseFrom) ? sparse : Duration.ofMinutes(1), true);
                }
                System.out.printf(java.util.Locale.ROOT, "  loaded %s (%d s)%n", day.toString().substring(0, 10),
                        Duration.between(started, Instant.now()).toSeconds());
            }
            System.out.println("  computing rollups ...");
            rollupsAndIncidents(c, town, to);
            // What autovacuum does to an insert-mostly table before long: statistics and the visibility map for index-only scans.
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE readings_1h");
            }
        }
    }

    private static void insertDevices(Connection c, Town town, Instant to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO devices (id, kind, zone, latitude, longitude, last_seen, metadata) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            int i = 0;
            for (TownDevice d : town.devices()) {
                s.setString(1, d.id());
                s.setString(2, d.kind().id());
                s.setString(3, d.zone().name());
                s.setDouble(4, d.zone().latitude());
                s.setDouble(5, d.zone().longitude());
                // A few devices silent for the last hour, so "offline" has members.
                s.setTimestamp(6, Timestamp.from(i++ % 17 == 0 ? to.minus(Duration.ofHours(1)) : to));
                s.setString(7, d.kind().id().equals("air") ? "{\"battery\": \"" + (40 + i % 60) + "\"}" : "{}");
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The rollups as the Flink job writes them, computed here from the raw rows; then incidents and fresh statistics. */
    private static void rollupsAndIncidents(Connection c, Town town, Instant to) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO readings_1m (device_id, metric, bucket, count, min, max, avg, last, last_time)
                    SELECT device_id, metric, date_trunc('minute', event_time), count(*), min(value), max(value), avg(value),
                           (array_agg(value ORDER BY event_time DESC))[1], max(event_time)
                    FROM readings GROUP BY 1, 2, 3""");
            s.execute("""
                    INSERT INTO readings_1h (device_id, metric, bucket, count, min, max, avg, last, last_time)
                    SELECT device_id, metric, date_trunc('hour', bucket), sum(count), min(min), max(max), sum(avg * count) / sum(count),
                           (array_agg(last ORDER BY last_time DESC))[1], max(last_time)
                    FROM readings_1m GROUP BY 1, 2, 3""");
            insertIncidents(s, town, to);
            s.execute("ANALYZE");
        }
    }

    private static void copyReadings(Connection c, Town town, CityModel model, Instant from, Instant to, Duration step, boolean useCopy)
            throws Exception {
        if (!useCopy) {
            insertReadings(c, town, model, from, to, step);
            return;
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder batch = new StringBuilder();
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            for (TownDevice d : town.devices()) {
                Report r = model.report(d, t);
                if (r.silent() || r.badData() != null) {
                    continue;
                }
                for (Reading reading : r.readings()) {
                    batch.append(reading.deviceId()).append('\t').append(reading.metric()).append('\t').append(reading.eventTime()).append('\t')
                            .append(String.format(Locale.ROOT, "%.4f", reading.value())).append('\t').append(reading.unit()).append('\t')
                            .append(reading.eventTime()).append('\n');
                }
            }
            if (batch.length() > 4_000_000) {
                copy.copyIn("COPY readings (device_id, metric, event_time, value, unit, received_at) FROM STDIN", new StringReader(batch.toString()));
                batch.setLength(0);
            }
        }
        copy.copyIn("COPY readings (device_id, metric, event_time, value, unit, received_at) FROM STDIN", new StringReader(batch.toString()));
    }

    /**
     * For PGlite, whose wire protocol server drops large client messages: the town's values for one
     * moment per series are sent (small statements), and the server repeats each series over the
     * range with generate_series, scaled by a daily cycle.
     */
    private static void insertReadings(Connection c, Town town, CityModel model, Instant from, Instant to, Duration step) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (TownDevice d : town.devices()) {
                Report r = model.report(d, to.minus(Duration.ofHours(12)));
                for (Reading reading : r.readings()) {
                    s.execute(String.format(Locale.ROOT, """
                            INSERT INTO readings (device_id, metric, event_time, value, unit, received_at)
                            SELECT '%s', '%s', t, %.4f * (1 + 0.1 * sin(extract(epoch FROM t) / 13751)), '%s', t
                            FROM generate_series('%s'::timestamptz, '%s'::timestamptz, interval '%d seconds') t""",
                            reading.deviceId(), reading.metric(), reading.value(), reading.unit(), from, to.minusSeconds(1), step.toSeconds()));
                }
            }
        }
    }

    /** Anomalies of several kinds and severities, two alerts (one open, one acknowledged), dead letters. */
    private static void insertIncidents(Statement s, Town town, Instant to) throws SQLException {
        List<TownDevice> devices = town.devices();
        String[][] kinds = {{"limit", "critical", "water.pressure"}, {"spike", "warning", "air.no2"}, {"silence", "warning", null},
                {"leak", "critical", "water.flow"}, {"statistical", "info", "traffic.speed"}};
        for (int i = 0; i < 40; i++) {
            TownDevice d = devices.get(i % devices.size());
            String[] k = kinds[i % kinds.length];
            Instant start = to.minus(Duration.ofHours(2L * i + 1));
            s.execute(String.format(Locale.ROOT, """
                    INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, metric, score, observed, expected_low,
                                           expected_high, started_at, updated_at, ended_at, explanation)
                    VALUES (gen_random_uuid(), '%s', '%s', '%s', '%s', '%s', ARRAY['%s'], %s, 0.9, 1.5, 2.0, 6.0, '%s', '%s', %s,
                            '%s at %s is unusual')""", k[0], k[1], i < 5 ? "open" : "closed", d.kind().id(), d.zone().name(), d.id(),
                    k[2] == null ? "NULL" : "'" + k[2] + "'", start, start, i < 5 ? "NULL" : "'" + start.plus(Duration.ofMinutes(30)) + "'",
                    k[2] == null ? "reporting" : k[2], d.id()));
        }
        s.execute(String.format(Locale.ROOT, """
                INSERT INTO alerts (group_key, domain, zone, severity, state, title, summary, occurrences, opened_at, updated_at, kind,
                                    acknowledged_by, acknowledged_at)
                VALUES ('water/Nord/limit/water.pressure', 'water', 'Nord', 'critical', 'open', 'Limit exceeded: pressure in zone Nord (water)',
                        'pressure below 2 bar', 3, '%1$s', '%1$s', 'limit', NULL, NULL),
                       ('air/Sentrum/spike/air.no2', 'air', 'Sentrum', 'warning', 'acknowledged', 'Spike in no2 in zone Sentrum (air)',
                        'no2 jumped', 1, '%1$s', '%1$s', 'spike', 'kari', '%1$s')""", to.minus(Duration.ofHours(3))));
        for (int i = 0; i < 30; i++) {
            s.execute(String.format(Locale.ROOT, """
                    INSERT INTO rejected_messages (received_at, kafka_partition, kafka_offset, device_id, topic, reasons, rejections, payload,
                                                   payload_size, payload_truncated)
                    VALUES ('%s', 0, %d, '%s', 'sensors/x/telemetry', ARRAY['%s'], '[]'::jsonb, '\\x00'::bytea, 1, false)""",
                    to.minus(Duration.ofMinutes(37L * i + 5)), i, devices.get(i % devices.size()).id(),
                    i % 3 == 0 ? "out_of_range" : i % 3 == 1 ? "unsupported_unit" : i % 6 == 5 ? "conflicting_duplicate" : "malformed_payload"));
        }
        // The last radio report of a third of the devices, as LoRaWAN network servers give it.
        for (int i = 0; i < devices.size(); i += 3) {
            s.execute(String.format(Locale.ROOT, """
                    INSERT INTO device_radio (device_id, source, received_at, dev_addr, f_cnt, f_port, rssi, snr, gateway_id,
                                              gateway_count, spreading_factor)
                    VALUES ('%s', 'chirpstack', '%s', '0018%04x', %d, 1, %d, %.1f, 'gw-%d', %d, %d)""",
                    devices.get(i).id(), to.minus(Duration.ofMinutes(i % 50)), i, 1000 + i, -60 - (i * 7) % 65, 12.0 - (i * 3) % 25,
                    i % 4, 1 + i % 3, 7 + i % 6));
        }
    }

    /** The minute after the newest reading in {@code db}: the "now" of a month loaded earlier (benchmarks reuse one). */
    public static Instant lastReading(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(event_time) FROM readings")) {
            rs.next();
            return rs.getTimestamp(1).toInstant().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        }
    }
}
