-- What of a device's or a metric's data may leave Varde through the open-data API:
--   public     raw readings, rollups and the device's public metadata (id, kind, zone, model, position);
--   aggregated only zone means over at least k devices (k in configuration): e.g. a water meter at one
--              house is personal data, the zone's mean over k houses is not;
--   none       nothing.
-- The stricter of the device's and the metric's level applies. Readings of infrastructure default to public.
ALTER TABLE devices ADD COLUMN publication text NOT NULL DEFAULT 'public'
    CHECK (publication IN ('public', 'aggregated', 'none'));

CREATE TABLE metric_publication (
    metric      text        PRIMARY KEY,
    publication text        NOT NULL CHECK (publication IN ('public', 'aggregated', 'none')),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
