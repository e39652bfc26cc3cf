-- What people with the admin role changed in the device registry through the console: who (as the
-- identity provider named them), when, what, to which device. Machines using the admin API with the
-- shared token are not people and are not recorded here.
CREATE TABLE admin_events (
    id         bigserial   PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text        NOT NULL,
    action     text        NOT NULL CHECK (action IN ('device_created', 'device_disabled', 'device_enabled', 'token_rotated')),
    device_id  text        NOT NULL,
    details    jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX admin_events_device_idx ON admin_events (device_id, at DESC);
