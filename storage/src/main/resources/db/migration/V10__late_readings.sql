-- Readings that arrived after their minute's rollup had closed (event time older than the
-- watermark by more than the allowed lateness). They are in `readings` like every other
-- reading; this table keeps the evidence that the rollups for their minute and hour miss them,
-- so a report can say so, and the reason for the lateness can be found (a gateway that
-- buffered for hours, a device with a wrong clock).
CREATE TABLE late_readings (
    device_id    text             NOT NULL,
    metric       text             NOT NULL,
    event_time   timestamptz      NOT NULL,
    value        double precision NOT NULL,
    received_at  timestamptz      NOT NULL,
    noticed_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, metric, event_time)
);
CREATE INDEX late_readings_noticed_idx ON late_readings (noticed_at DESC);
