-- Two writers store anomaly reports in `anomalies`: the stream job (its JDBC sink) and alerting
-- (as it consumes varde.anomalies). Alerting used "my upsert changed the row" to tell a new report
-- from a replay, so when the stream job's sink committed first the report looked like a replay and
-- no alert was raised (found by the distributed shape's fault test). Alerting now keeps its own
-- mark: the newest revision of each anomaly it has acted on.
ALTER TABLE anomalies ADD COLUMN alerted_revision integer;

-- Anomalies that alerting already linked to an alert have been acted on at their stored revision.
UPDATE anomalies a SET alerted_revision = (a.details ->> 'revision')::int
WHERE EXISTS (SELECT 1 FROM alert_anomalies l WHERE l.anomaly_id = a.id);
