package no.varde.streamjobs;

/**
 * The staging path of {@link CopyReadingsWriter} when a batch meets rows already stored: keep the
 * first value of every (device, metric, event time), and keep every different value that came
 * after it as a dead letter with reason {@code conflicting_duplicate} (an identical resend stays a
 * silent no-op). The dead letter's key is derived from the reading itself (partition -1: found at
 * storage, not read from {@code varde.rejected}), so a replay after a restart adds nothing twice,
 * and {@code storage_counters} counts only the dead letters this transaction really added.
 */
final class ConflictingDuplicatesSql {
    static final String STAGING_TABLE = "readings_stage";
    /** {@code seq} keeps the batch's order, so that "first" means first received within a batch too. */
    static final String STAGE = "CREATE TEMP TABLE IF NOT EXISTS " + STAGING_TABLE + " "
            + "(device_id text, metric text, event_time timestamptz, value double precision, unit text, received_at timestamptz, "
            + "seq bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DELETE ROWS";
    static final String MOVE = "INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) "
            + "SELECT DISTINCT ON (device_id, metric, event_time) device_id, metric, event_time, value, unit, received_at "
            + "FROM readings_stage ORDER BY device_id, metric, event_time, seq "
            + "ON CONFLICT (device_id, metric, event_time) DO NOTHING";
    /** After MOVE every staged key is stored; a staged row whose value differs from the stored one is a conflict. */
    static final String KEEP_CONFLICTS = """
            WITH conflicts AS (
                SELECT s.device_id, s.metric, s.event_time, s.value, s.unit, s.received_at, r.value AS stored
                FROM readings_stage s JOIN readings r USING (device_id, metric, event_time)
                WHERE r.value IS DISTINCT FROM s.value
            ), kept AS (
                INSERT INTO rejected_messages (received_at, kafka_partition, kafka_offset, device_id, topic, reasons, rejections,
                                               payload, payload_size, payload_truncated)
                SELECT received_at, -1,
                       ('x' || substr(md5(device_id || '|' || metric || '|' || event_time::text || '|' || value::text), 1, 16))::bit(64)::bigint,
                       device_id, 'storage:readings', ARRAY['conflicting_duplicate'],
                       jsonb_build_array(jsonb_build_object('reason', 'conflicting_duplicate', 'detail',
                           format('%s at %s: %s %s differs from the %s %s stored first; the first value is kept',
                                  metric, to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), value, unit, stored, unit))),
                       convert_to(json_build_object('device', device_id, 'metric', metric, 'eventTime', event_time,
                                                    'value', value, 'unit', unit, 'storedValue', stored)::text, 'UTF8'),
                       octet_length(json_build_object('device', device_id, 'metric', metric, 'eventTime', event_time,
                                                      'value', value, 'unit', unit, 'storedValue', stored)::text),
                       false
                FROM conflicts
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            UPDATE storage_counters SET value = value + (SELECT count(*) FROM kept) WHERE name = 'conflicting_duplicates'""";

    private ConflictingDuplicatesSql() {
    }
}
