package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;
import no.varde.storage.AnomalyRows;
import no.varde.storage.Migrations;
import no.varde.testsupport.Sql;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The stream job's anomaly sink stores the newest revision of each anomaly in a batch and takes
 * the batch's rows in id order, the order alerting's feed takes them in, whatever order the reports
 * came in. The test holds the row last in that order while a batch that begins with it is written,
 * and looks, while the sink waits, at whether the row first in that order was taken already: taken
 * in arrival order (as Flink's JdbcSink did), it would not be, and a feed going the other way round
 * would deadlock with the sink.
 */
class AnomaliesWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant START = Instant.parse("2026-12-07T22:00:00Z");

    @Test
    void aBatchIsStoredNewestRevisionFirstAndInIdOrderWhateverOrderItCameIn() throws Exception {
        TestDatabase database = TestInfrastructure.get().newDatabase();
        DataSource db = database.dataSource();
        Migrations.migrate(db);
        List<Anomaly> byId = List.of(silence("nord-s-01"), silence("nord-s-02")).stream().sorted(Comparator.comparing(Anomaly::id)).toList();
        Anomaly first = byId.get(0);
        Anomaly last = byId.get(1);
        try (Connection c = db.getConnection()) {
            AnomalyRows.upsertInLockOrder(c, byId);
        }

        StreamExecutionEnvironment env = LocalFlink.environment();
        env.setParallelism(1);
        // One batch, flushed at the end of the input: no size or timer flush splits it.
        env.fromData(Anomaly.class, later(last), later(first), later(later(first)))
                .sinkTo(BatchingJdbcWriter.sink(new BatchingJdbcWriter.Target(database.jdbcUrl(), null, null, 1000, Duration.ofHours(1).toMillis()),
                        AnomaliesWriter::new));
        try (Connection held = db.getConnection(); Statement s = held.createStatement()) {
            held.setAutoCommit(false);
            s.executeQuery("SELECT 1 FROM anomalies WHERE id = '" + last.id() + "' FOR UPDATE").close();
            JobClient job = env.executeAsync("anomalies store");
            Sql.awaitALockWait(db, WAIT);
            assertThat(Sql.rowLockedElsewhere(db, "SELECT 1 FROM anomalies WHERE id = '" + first.id() + "'"))
                    .as("the row first in id order is taken before the sink waits for the last").isTrue();
            held.rollback();
            job.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(Sql.count(db, "SELECT (details ->> 'revision')::int FROM anomalies WHERE id = '" + first.id() + "'")).isEqualTo(2);
        assertThat(Sql.count(db, "SELECT (details ->> 'revision')::int FROM anomalies WHERE id = '" + last.id() + "'")).isEqualTo(1);
    }

    @Test
    void theSinkPrintsNoPassword() {
        BatchingJdbcWriter.Target target = new BatchingJdbcWriter.Target("jdbc:postgresql://db:5432/varde?password=url-secret", "varde",
                "field-secret", 1000, 200);
        assertThat(target.toString() + BatchingJdbcWriter.sink(target, AnomaliesWriter::new))
                .contains("jdbc:postgresql://db:5432/varde", "varde").doesNotContain("secret");
    }

    private static Anomaly silence(String device) {
        return new Anomaly(Anomaly.idFor(AnomalyKind.SILENCE, device, START), 0, AnomalyKind.SILENCE, Severity.WARNING,
                Anomaly.Status.OPEN, Domain.WATER, "Nord", List.of(device), null, 0.9, Double.NaN, Double.NaN, Double.NaN,
                START, START, null, device + " has sent nothing since " + START);
    }

    private static Anomaly later(Anomaly a) {
        Instant at = a.updatedAt().plusSeconds(10);
        return a.update(a.severity(), a.score(), a.observed(), a.expectedLow(), a.expectedHigh(), at, a.explanation());
    }
}
