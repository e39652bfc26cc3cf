-- Alerting asks "which alert holds this anomaly?" for every anomaly report it consumes. The primary
-- key (alert_id, anomaly_id) cannot answer that, so each report scanned the whole link table, which
-- only grows: 1.7 ms at 24,000 links, measured while a storm of 10,000 silence reports queued a
-- critical water alert behind it for minutes (bin/varde bench --probes, 2026-12-03).
CREATE INDEX alert_anomalies_anomaly_idx ON alert_anomalies (anomaly_id);
