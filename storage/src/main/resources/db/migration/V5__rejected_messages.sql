-- Dead letters kept for inspection: every message or record ingest refused, with its reasons and
-- the (capped) raw payload, copied from Kafka topic varde.rejected by the stream job. The Kafka
-- position is the natural key, so a replay after a restart inserts nothing twice.
CREATE TABLE rejected_messages (
    received_at       timestamptz NOT NULL,
    kafka_partition   integer     NOT NULL,
    kafka_offset      bigint      NOT NULL,
    device_id         text        NOT NULL,
    topic             text        NOT NULL,
    reasons           text[]      NOT NULL,
    rejections        jsonb       NOT NULL,
    payload           bytea       NOT NULL,
    payload_size      integer     NOT NULL,
    payload_truncated boolean     NOT NULL,
    stored_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kafka_partition, kafka_offset, received_at)
);

-- "What did device X send that was refused, newest first" and "refusals of the last hour".
CREATE INDEX rejected_messages_device_idx ON rejected_messages (device_id, received_at DESC);
CREATE INDEX rejected_messages_time_idx ON rejected_messages (received_at DESC);

-- With TimescaleDB: a hypertable whose chunks older than 30 days are dropped. Without it the
-- table stays plain (retention of dead letters on plain PostgreSQL comes with the storage work).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
        PERFORM create_hypertable('rejected_messages', 'received_at', chunk_time_interval => interval '1 day');
        PERFORM add_retention_policy('rejected_messages', interval '30 days');
    END IF;
END
$$;
