-- The last radio report of each LoRaWAN device, from its network server's uplink metadata: how
-- well its best gateway heard it, and its frame counter. The fleet dashboard lists weak links from
-- here; ingest compares (dev_addr, f_cnt) with it so that a network server's retry of an uplink is
-- not stored twice.
CREATE TABLE device_radio (
    device_id     text        PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
    source        text        NOT NULL,
    received_at   timestamptz NOT NULL,
    dev_addr      text,
    f_cnt         bigint,
    f_port        integer,
    rssi          double precision,
    snr           double precision,
    gateway_id    text,
    gateway_count integer,
    spreading_factor integer
);

-- Counters kept by the storage writers where replays must not count twice (they are bumped in the
-- same transaction that stores what they count). First: readings that arrived with a different
-- value for a (device, metric, time) already stored.
CREATE TABLE storage_counters (
    name  text   PRIMARY KEY,
    value bigint NOT NULL DEFAULT 0
);
INSERT INTO storage_counters (name, value) VALUES ('conflicting_duplicates', 0);
