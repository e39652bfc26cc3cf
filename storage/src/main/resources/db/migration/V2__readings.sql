-- Every accepted reading. The primary key makes writes idempotent: a replay after a Flink
-- restart inserts the same (device, metric, event time) again and ON CONFLICT DO NOTHING keeps
-- the first copy. The key also serves the commonest query (one series over a time range).
CREATE TABLE readings (
    device_id   text             NOT NULL,
    metric      text             NOT NULL,
    event_time  timestamptz      NOT NULL,
    value       double precision NOT NULL,
    unit        text             NOT NULL,
    received_at timestamptz      NOT NULL,
    stored_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, metric, event_time)
);

-- "What happened across the town in the last hour" scans by time alone.
CREATE INDEX readings_event_time_idx ON readings (event_time DESC);

-- With TimescaleDB present the table becomes a hypertable partitioned by event time (chunks of
-- one day); without it this block does nothing and the plain table above serves the same
-- queries. The extension must be installable by the migrating role.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        PERFORM create_hypertable('readings', 'event_time',
                                  chunk_time_interval => interval '1 day',
                                  migrate_data => true);
    END IF;
END
$$;
