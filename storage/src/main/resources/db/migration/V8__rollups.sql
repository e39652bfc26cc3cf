-- Rollups of readings per device and metric: 1-minute and 1-hour buckets with count, min, max,
-- avg and last value. Written by the stream job from event-time windows (not continuous
-- aggregates), so the tables, columns and queries are identical on PostgreSQL and TimescaleDB.
-- They outlive raw-data retention, so a year of history stays cheap to chart.
CREATE TABLE readings_1m (
    device_id  text             NOT NULL,
    metric     text             NOT NULL,
    bucket     timestamptz      NOT NULL,
    count      integer          NOT NULL CHECK (count > 0),
    min        double precision NOT NULL,
    max        double precision NOT NULL,
    avg        double precision NOT NULL,
    last       double precision NOT NULL,
    last_time  timestamptz      NOT NULL,
    PRIMARY KEY (device_id, metric, bucket)
);
CREATE INDEX readings_1m_bucket_idx ON readings_1m (bucket DESC);

CREATE TABLE readings_1h (LIKE readings_1m INCLUDING ALL);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('readings_1m', 'bucket', chunk_time_interval => interval '7 days');
        PERFORM create_hypertable('readings_1h', 'bucket', chunk_time_interval => interval '30 days');
    END IF;
END
$$;
