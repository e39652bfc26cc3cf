-- Anomalies (written by the detection jobs) and alerts with their audit trail (alerting).
-- Shapes follow what detection and alerting need; those issues fill them.

-- One row per ongoing anomaly: opened, updated while it lasts, closed. The id is chosen by the
-- detector deterministically (from what is anomalous and when it began), so a replay after a
-- restart updates the same row instead of adding a duplicate.
CREATE TABLE anomalies (
    id              uuid             PRIMARY KEY,
    kind            text             NOT NULL,   -- limit, statistical, spike, flatline, silence, leak, traffic_incident, pollution_episode
    severity        text             NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    status          text             NOT NULL CHECK (status IN ('open', 'closed')),
    domain          text             NOT NULL CHECK (domain IN ('water', 'air', 'traffic')),
    zone            text,
    device_ids      text[]           NOT NULL,
    metric          text,
    score           double precision CHECK (score BETWEEN 0 AND 1),
    observed        double precision,
    expected_low    double precision,
    expected_high   double precision,
    started_at      timestamptz      NOT NULL,
    updated_at      timestamptz      NOT NULL,
    ended_at        timestamptz,
    explanation     text             NOT NULL,   -- the sentence an engineer reads
    details         jsonb            NOT NULL DEFAULT '{}'::jsonb,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX anomalies_open_idx ON anomalies (started_at DESC) WHERE status = 'open';
CREATE INDEX anomalies_time_idx ON anomalies (started_at DESC);
CREATE INDEX anomalies_zone_idx ON anomalies (zone, started_at DESC);
CREATE INDEX anomalies_devices_idx ON anomalies USING gin (device_ids);

-- One alert per ongoing problem: anomalies with the same group key (e.g. domain + zone + kind)
-- while an alert is not resolved add occurrences to it instead of opening another.
CREATE TABLE alerts (
    id                bigserial   PRIMARY KEY,
    group_key         text        NOT NULL,
    first_anomaly_id  uuid        REFERENCES anomalies (id),
    domain            text        NOT NULL CHECK (domain IN ('water', 'air', 'traffic')),
    zone              text,
    severity          text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    state             text        NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
    title             text        NOT NULL,
    summary           text        NOT NULL,
    occurrences       integer     NOT NULL DEFAULT 1 CHECK (occurrences > 0),
    assignee          text,
    escalation_level  integer     NOT NULL DEFAULT 0,
    opened_at         timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    acknowledged_at   timestamptz,
    acknowledged_by   text,
    resolved_at       timestamptz,
    resolved_by       text,
    last_notified_at  timestamptz,
    confirmed_for_residents boolean NOT NULL DEFAULT false  -- water-supply warnings go out only after an engineer confirms
);
CREATE UNIQUE INDEX alerts_one_unresolved_per_group ON alerts (group_key) WHERE state <> 'resolved';
CREATE INDEX alerts_state_idx ON alerts (state, opened_at DESC);
CREATE INDEX alerts_zone_idx ON alerts (domain, zone, opened_at DESC);

CREATE TABLE alert_anomalies (
    alert_id    bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    anomaly_id  uuid   NOT NULL REFERENCES anomalies (id),
    PRIMARY KEY (alert_id, anomaly_id)
);

-- The audit trail: every change of an alert, who made it and when.
CREATE TABLE alert_events (
    id         bigserial   PRIMARY KEY,
    alert_id   bigint      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text        NOT NULL,   -- a user, 'system', or a channel
    action     text        NOT NULL CHECK (action IN ('created', 'updated', 'notified', 'notification_failed', 'acknowledged',
                                                      'commented', 'escalated', 'resolved', 'reopened', 'confirmed')),
    details    jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, at);
