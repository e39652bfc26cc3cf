-- What the Grafana dashboards read. One rule for the resolution of a time series, in one place:
-- up to 2 hours the raw readings, up to 36 hours the 1-minute rollups, beyond that the 1-hour
-- rollups (the read API's ReadingQueries uses the same steps). The function is plain SQL, STABLE
-- and a single SELECT, so PostgreSQL inlines it into the dashboard's query (its arguments must be
-- constants or parameters, not sub-selects, or inlining stops): with the time range known at
-- planning time, the branches that do not apply are never executed and no panel reads a year of
-- raw rows (DashboardQueryPlanTest checks the executed plans).
--   p_zones   the devices of these zones
--   p_devices and of these only (NULL: all of them)
CREATE FUNCTION varde_points(p_metric text, p_zones text[], p_devices text[], p_from timestamptz, p_to timestamptz)
RETURNS TABLE (t timestamptz, device_id text, avg double precision, min double precision, max double precision, n bigint)
LANGUAGE sql STABLE AS $$
    SELECT r.event_time, r.device_id, r.value, r.value, r.value, 1::bigint
      FROM readings r
     WHERE r.metric = p_metric AND r.event_time BETWEEN p_from AND p_to AND p_to - p_from <= interval '2 hours'
       AND r.device_id IN (SELECT d.id FROM devices d WHERE d.zone = ANY (p_zones) AND (p_devices IS NULL OR d.id = ANY (p_devices)))
    UNION ALL
    SELECT m.bucket, m.device_id, m.avg, m.min, m.max, m.count::bigint
      FROM readings_1m m
     WHERE m.metric = p_metric AND m.bucket BETWEEN p_from AND p_to AND p_to - p_from > interval '2 hours' AND p_to - p_from <= interval '36 hours'
       AND m.device_id IN (SELECT d.id FROM devices d WHERE d.zone = ANY (p_zones) AND (p_devices IS NULL OR d.id = ANY (p_devices)))
    UNION ALL
    SELECT h.bucket, h.device_id, h.avg, h.min, h.max, h.count::bigint
      FROM readings_1h h
     WHERE h.metric = p_metric AND h.bucket BETWEEN p_from AND p_to AND p_to - p_from > interval '36 hours'
       AND h.device_id IN (SELECT d.id FROM devices d WHERE d.zone = ANY (p_zones) AND (p_devices IS NULL OR d.id = ANY (p_devices)))
$$;

-- Fleet-wide panels (data completeness, readings per hour) count every series' hourly rollup over
-- the range: an index-only scan of this covering index reads a month of a 1,000-device town in a
-- third of a second, where the table itself took twice that.
CREATE INDEX readings_1h_bucket_cover ON readings_1h (bucket) INCLUDE (device_id, metric, count);
