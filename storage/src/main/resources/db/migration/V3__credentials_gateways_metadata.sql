-- A device may hold several credentials at once, so a token can be rotated without downtime:
-- the new one works at once, the old one until it expires. Only salted slow hashes are kept.
CREATE TABLE device_credentials (
    id          bigserial   PRIMARY KEY,
    device_id   text        NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    secret_hash text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz
);
CREATE INDEX device_credentials_device_idx ON device_credentials (device_id);

INSERT INTO device_credentials (device_id, secret_hash, created_at)
SELECT id, credential_hash, created_at FROM devices;
ALTER TABLE devices DROP COLUMN credential_hash;

-- Gateways (LoRaWAN and field gateways) are devices of kind 'gateway'; a sensor assigned to a
-- gateway may be published for by that gateway.
ALTER TABLE devices DROP CONSTRAINT devices_kind_check;
ALTER TABLE devices ADD CONSTRAINT devices_kind_check CHECK (kind IN ('water', 'air', 'traffic', 'gateway'));
ALTER TABLE devices ADD COLUMN gateway_id text REFERENCES devices (id) ON DELETE SET NULL;
ALTER TABLE devices ADD COLUMN model text;
ALTER TABLE devices ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX devices_gateway_idx ON devices (gateway_id) WHERE gateway_id IS NOT NULL;
