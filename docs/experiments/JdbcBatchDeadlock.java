import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Shows that a pgjdbc batch in autocommit mode (how Flink's JdbcSink wrote the stream job's anomaly
 * rows until 2026-12-07) is one implicit transaction: it holds the row it wrote first while it waits
 * for the next. A transaction that takes the same two rows in the other order (the alerting feed
 * storing a poll's reports) then deadlocks with it, and PostgreSQL aborts one of them after
 * deadlock_timeout (1 s). Since then both take their rows in id order (docs/alerting.md).
 *
 * Run: java -cp ~/.m2/repository/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar \
 *        docs/experiments/JdbcBatchDeadlock.java "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
 * Prints "deadlock detected" for one side. It uses a table of its own (jdbc_batch_deadlock), dropped at the end.
 */
public class JdbcBatchDeadlock {
    private static final String UPSERT = "INSERT INTO jdbc_batch_deadlock VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET v = excluded.v";

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS jdbc_batch_deadlock; CREATE TABLE jdbc_batch_deadlock (id int PRIMARY KEY, v int)");
        }
        // The feed: one transaction, row 1 then (a moment later) row 2.
        Thread feed = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(url)) {
                c.setAutoCommit(false);
                try (PreparedStatement p = c.prepareStatement(UPSERT)) {
                    upsert(p, 1, 10);
                    Thread.sleep(500);
                    upsert(p, 2, 10);
                }
                c.commit();
                System.out.println("feed: committed");
            } catch (Exception e) {
                System.out.println("feed: " + e.getMessage());
            }
        });
        feed.start();
        Thread.sleep(100);
        // The sink: autocommit, one batch, row 2 then row 1.
        try (Connection c = DriverManager.getConnection(url); PreparedStatement p = c.prepareStatement(UPSERT)) {
            p.setInt(1, 2);
            p.setInt(2, 20);
            p.addBatch();
            p.setInt(1, 1);
            p.setInt(2, 20);
            p.addBatch();
            p.executeBatch();
            System.out.println("sink: batch done");
        } catch (Exception e) {
            System.out.println("sink: " + e.getMessage());
        }
        feed.join();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE jdbc_batch_deadlock");
        }
    }

    private static void upsert(PreparedStatement p, int id, int v) throws Exception {
        p.setInt(1, id);
        p.setInt(2, v);
        p.executeUpdate();
    }
}
