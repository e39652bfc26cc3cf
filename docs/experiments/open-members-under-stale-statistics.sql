-- Does "has this alert any open anomaly left?" survive a storm on a database with a history?
-- (docs/alerting.md, 2026-12-07: the first minute's plans). Run against any PostgreSQL:
--   psql -h 127.0.0.1 -d postgres -f docs/experiments/open-members-under-stale-statistics.sql
-- It builds a scratch database (varde_exp_open_members) with Varde's two tables as far as the
-- question needs: a year of history (500,000 closed anomalies, analysed), then a storm of 10,000
-- silences in one alert of which 9,000 have closed again. Autovacuum re-analyses a table after 10 %
-- of it changed, so the statistics still say almost nothing is open. It times the join to
-- anomalies.status that alerting asked before V21, and the open flag on the link it asks now.
\timing off
DROP DATABASE IF EXISTS varde_exp_open_members;
CREATE DATABASE varde_exp_open_members;
\c varde_exp_open_members
CREATE TABLE anomalies (id uuid PRIMARY KEY, status text NOT NULL, started_at timestamptz NOT NULL, device_ids text[] NOT NULL);
CREATE INDEX anomalies_open_idx ON anomalies (started_at DESC) WHERE status = 'open';
CREATE TABLE alert_anomalies (alert_id bigint NOT NULL, anomaly_id uuid NOT NULL REFERENCES anomalies (id), open boolean NOT NULL DEFAULT false, PRIMARY KEY (alert_id, anomaly_id));
CREATE INDEX alert_anomalies_anomaly_idx ON alert_anomalies (anomaly_id);
CREATE INDEX alert_anomalies_open_idx ON alert_anomalies (alert_id) WHERE open;
-- a year of history: 500,000 closed anomalies in 100,000 alerts
INSERT INTO anomalies SELECT md5('h' || g)::uuid, 'closed', now() - g * interval '1 minute', ARRAY['d' || (g % 5000)] FROM generate_series(1, 500000) g;
INSERT INTO alert_anomalies SELECT 1000000 + g / 5, md5('h' || g)::uuid, false FROM generate_series(1, 500000) g;
VACUUM ANALYZE anomalies; VACUUM ANALYZE alert_anomalies;
-- the storm (statistics not gathered again: 2 % of the table changed): 10,000 silences in alert 1, and 200 small alerts of 2 open anomalies
INSERT INTO anomalies SELECT md5('s' || g)::uuid, 'open', now(), ARRAY['s' || g] FROM generate_series(1, 10000) g;
INSERT INTO alert_anomalies SELECT 1, md5('s' || g)::uuid, true FROM generate_series(1, 10000) g;
INSERT INTO anomalies SELECT md5('p' || g)::uuid, 'open', now(), ARRAY['p' || g] FROM generate_series(1, 400) g;
INSERT INTO alert_anomalies SELECT 2 + g / 2, md5('p' || g)::uuid, true FROM generate_series(1, 400) g;
-- most of the storm has closed again, in the order it opened
UPDATE anomalies SET status = 'closed' WHERE id IN (SELECT md5('s' || g)::uuid FROM generate_series(1, 9000) g);
UPDATE alert_anomalies SET open = false WHERE alert_id = 1 AND anomaly_id IN (SELECT md5('s' || g)::uuid FROM generate_series(1, 9000) g);
SET plan_cache_mode = force_generic_plan;
PREPARE old_q(bigint) AS SELECT EXISTS (SELECT 1 FROM alert_anomalies l JOIN anomalies a ON a.id = l.anomaly_id WHERE l.alert_id = $1 AND a.status = 'open');
PREPARE new_q(bigint) AS SELECT EXISTS (SELECT 1 FROM alert_anomalies WHERE alert_id = $1 AND open);
\echo 'old query, a small alert (2 anomalies)'
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) EXECUTE old_q(50);
\echo 'old query, the storm alert (10,000 anomalies, the last 1,000 open)'
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) EXECUTE old_q(1);
\echo 'new query, small alert'
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) EXECUTE new_q(50);
\echo 'new query, storm alert'
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) EXECUTE new_q(1);
SET plan_cache_mode = auto;
\echo 'old query planned afresh for this execution (a custom plan, the same statistics), storm alert'
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT EXISTS (SELECT 1 FROM alert_anomalies l JOIN anomalies a ON a.id = l.anomaly_id WHERE l.alert_id = 1 AND a.status = 'open');
ANALYZE anomalies;
ANALYZE alert_anomalies;
\echo 'old query once the statistics are gathered again, storm alert'
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT EXISTS (SELECT 1 FROM alert_anomalies l JOIN anomalies a ON a.id = l.anomaly_id WHERE l.alert_id = 1 AND a.status = 'open');
\c postgres
DROP DATABASE varde_exp_open_members;
