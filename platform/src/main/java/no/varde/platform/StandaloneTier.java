package no.varde.platform;

import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/** What `varde ingest` and `varde alerting` share as services of their own: a database probe for /health, and running until stopped. */
final class StandaloneTier {
    private StandaloneTier() {
    }

    /** Null when the database answers, else what is wrong (for /health and /health/ready). */
    static String databaseProblem(DataSource db) {
        try (var c = db.getConnection()) {
            c.isValid(2);
            return null;
        } catch (Exception e) {
            return "database: " + e.getMessage();
        }
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then runs {@code stop}. */
    static void runUntilShutdown(String name, Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "varde-" + name + "-shutdown"));
        stopped.await();
    }
}
