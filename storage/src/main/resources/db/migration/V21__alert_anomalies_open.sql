-- Whether each member anomaly of an alert is still open, as alerting last heard. Alerting asks
-- "has this alert any open anomaly left?" for every closing report. Answered by joining the links to
-- anomalies.status, the plan rests on statistics that a storm makes stale: autovacuum re-analyses
-- after 10 % of a table changed, so after a storm of 10,000 silences on a year's 500,000 anomalies
-- the planner still expects almost nothing open, and a closing report of the storm's alert took
-- 1.9-2.4 s (docs/experiments/open-members-under-stale-statistics.sql). Kept on the link, the
-- question reads one small partial index whatever the statistics say (0.5 ms there).
ALTER TABLE alert_anomalies ADD COLUMN open boolean NOT NULL DEFAULT false;
UPDATE alert_anomalies l SET open = true FROM anomalies a WHERE a.id = l.anomaly_id AND a.status = 'open';
CREATE INDEX alert_anomalies_open_idx ON alert_anomalies (alert_id) WHERE open;
