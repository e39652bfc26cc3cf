-- Devices that may publish to Varde. A device authenticates with its id and a token; only a
-- salted, slow hash of the token is kept (see no.varde.storage.TokenHasher).
CREATE TABLE devices (
    id              text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    kind            text        NOT NULL CHECK (kind IN ('water', 'air', 'traffic')),
    zone            text,
    latitude        double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude       double precision CHECK (longitude BETWEEN -180 AND 180),
    enabled         boolean     NOT NULL DEFAULT true,
    credential_hash text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_seen       timestamptz
);

CREATE INDEX devices_zone_idx ON devices (zone);
