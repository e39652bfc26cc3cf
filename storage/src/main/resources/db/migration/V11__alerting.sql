-- Alerting: what the lifecycle needs beyond V6, the notification outbox and residents' subscriptions.

-- Lifecycle bookkeeping on an alert. Grouping, reminders, escalation and flap suppression are
-- decided from these columns, so they survive a restart of the alerting service.
ALTER TABLE alerts
    ADD COLUMN kind                 text,
    ADD COLUMN notified_occurrences integer     NOT NULL DEFAULT 0,   -- the count the last grouped message carried
    ADD COLUMN notified_severity    text,                             -- a rise above it is notified at once
    ADD COLUMN reminders_sent       integer     NOT NULL DEFAULT 0,
    ADD COLUMN level_since          timestamptz,                      -- when the current escalation level began
    ADD COLUMN quiet_since          timestamptz,                      -- all its anomalies closed since then (auto-resolve after a hold-down)
    ADD COLUMN last_anomaly_at      timestamptz;

ALTER TABLE alert_events DROP CONSTRAINT alert_events_action_check;
ALTER TABLE alert_events ADD CONSTRAINT alert_events_action_check CHECK (action IN ('created', 'updated', 'notified',
    'notification_failed', 'acknowledged', 'commented', 'escalated', 'resolved', 'reopened', 'confirmed', 'reminded'));

-- Residents who asked to be warned about their zone's water supply. As little personal data as
-- works: no name, no address; the phone number or e-mail is stored sealed (AES-GCM, key outside
-- the database), found again through a keyed digest, and shown to staff only masked. Unsubscribing
-- deletes the row.
CREATE TABLE resident_subscriptions (
    id              uuid        PRIMARY KEY,
    channel         text        NOT NULL CHECK (channel IN ('sms', 'email')),
    address_digest  bytea       NOT NULL UNIQUE,
    address_sealed  bytea       NOT NULL,
    address_hint    text        NOT NULL,
    language        text        NOT NULL CHECK (language IN ('nb', 'nn')),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE resident_subscription_zones (
    subscription_id uuid NOT NULL REFERENCES resident_subscriptions (id) ON DELETE CASCADE,
    zone            text NOT NULL,
    PRIMARY KEY (subscription_id, zone)
);
CREATE INDEX resident_subscription_zones_zone_idx ON resident_subscription_zones (zone);

-- The transactional outbox: a notification is written in the same transaction as the alert change
-- that causes it, then delivered by the channel's own worker with retries and backoff. The dedupe
-- key makes a replayed anomaly or a second confirmation enqueue nothing twice. Recipients are names
-- (a rota person, a channel) or a subscription id, never a phone number or an e-mail address.
CREATE TABLE notifications (
    id               bigserial   PRIMARY KEY,
    alert_id         bigint      REFERENCES alerts (id) ON DELETE CASCADE,
    purpose          text        NOT NULL CHECK (purpose IN ('opened', 'grouped', 'severity', 'escalated', 'reminder', 'resolved',
                                                             'resident_warning', 'resident_all_clear')),
    channel          text        NOT NULL,
    recipient        text        NOT NULL,
    subscription_id  uuid        REFERENCES resident_subscriptions (id) ON DELETE SET NULL,
    dedupe_key       text        NOT NULL UNIQUE,
    message          jsonb       NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    lease_until      timestamptz,
    last_error       text,
    triggered_at     timestamptz NOT NULL,   -- when the event behind it happened (the anomaly event's Kafka time)
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);
CREATE INDEX notifications_due_idx ON notifications (channel, next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX notifications_alert_idx ON notifications (alert_id, created_at);

-- Anomaly events alerting could not read: kept with the reason, never silently dropped.
CREATE TABLE alerting_dead_letters (
    topic            text        NOT NULL,
    kafka_partition  integer     NOT NULL,
    kafka_offset     bigint      NOT NULL,
    received_at      timestamptz NOT NULL,
    reason           text        NOT NULL,
    payload          bytea       NOT NULL,
    stored_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
