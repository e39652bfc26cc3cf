-- On TimescaleDB, raw readings are compressed once they are older than ${readings_compress_after}
-- (segmented by device and metric, so one series' values sit together and compress well; newest
-- first inside a segment, the order charts read them in). Retention of raw readings is not set
-- yet on purpose: it must wait for the 1-minute and 1-hour rollups that outlive it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        ALTER TABLE readings SET (timescaledb.compress,
                                  timescaledb.compress_segmentby = 'device_id, metric',
                                  timescaledb.compress_orderby = 'event_time DESC');
        PERFORM add_compression_policy('readings', interval '${readings_compress_after}');
    END IF;
END
$$;
