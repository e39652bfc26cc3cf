-- On TimescaleDB, raw readings older than ${readings_retention} are dropped (whole chunks, cheap).
-- The 1-minute and 1-hour rollups are kept, so charts over a year still work. Plain PostgreSQL
-- keeps everything.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM add_retention_policy('readings', interval '${readings_retention}');
    END IF;
END
$$;
