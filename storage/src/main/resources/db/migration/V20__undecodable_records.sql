-- Kafka records a Varde consumer could not decode, whichever consumer: alerting on varde.anomalies
-- (kept here since V11, as alerting_dead_letters) and, from 2026-12-06, the stream job on
-- varde.readings and varde.rejected, which until then logged such a record and skipped it. Only
-- Varde writes these topics, so a row here means a foreign producer or a bug; the row keeps the
-- record (its position, Kafka timestamp, the reason and the bytes) so that nothing is lost silently.
-- Keyed by the record's position, so a replay after a restart adds nothing twice.
ALTER TABLE alerting_dead_letters RENAME TO undecodable_records;
ALTER TABLE undecodable_records RENAME CONSTRAINT alerting_dead_letters_pkey TO undecodable_records_pkey;
-- A process of the build before (alerting, during a rolling upgrade) still writes the old name.
CREATE VIEW alerting_dead_letters AS SELECT * FROM undecodable_records;
