-- The level that applies to one device's metric (NULL for a gateway or an unknown device: never published).
-- A function, not a join, on purpose: PostgreSQL does not inline a SQL function with a FROM clause, so the open
-- API's queries check it row by row while reading a series newest first through its index, and stop after a page,
-- instead of collecting and sorting a month of the series to join it.
CREATE FUNCTION publication_of(device text, metric_name text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN d.publication = 'none' OR mp.publication = 'none' THEN 'none'
                WHEN d.publication = 'aggregated' OR mp.publication = 'aggregated' THEN 'aggregated'
                ELSE 'public' END
    FROM devices d LEFT JOIN metric_publication mp ON mp.metric = metric_name
    WHERE d.id = device AND d.kind <> 'gateway'
$$;
