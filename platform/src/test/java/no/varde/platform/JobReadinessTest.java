package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import no.varde.embedded.FreePorts;
import no.varde.streamjobs.LocalFlink;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * Readiness waits for the tasks, not just the job: a job whose operator is still restoring its
 * state (here one that takes four seconds to initialise) is RUNNING to Flink's job client but not
 * ready; and the MiniCluster's REST endpoint, which can cancel jobs, is not reachable from
 * another interface.
 */
class JobReadinessTest {
    /** Initialises as slowly as a large state restores. */
    static final class SlowToRestore implements MapFunction<Long, Long>, CheckpointedFunction {
        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            Thread.sleep(4_000);
        }
    }

    @Test
    void notReadyWhileATaskIsStillInitialisingThenReady() throws Exception {
        int restPort = FreePorts.find();
        StreamExecutionEnvironment env = LocalFlink.environment(null, null, restPort);
        env.fromSequence(0, Long.MAX_VALUE).map(new SlowToRestore()).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("slow to restore");
        try {
            JobReadiness readiness = new JobReadiness(restPort, job.getJobID().toString());
            List<JobReadiness.Status> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    JobReadiness.Status status = readiness.check();
                    seen.add(status);
                    if (status.problem() == null) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // the REST endpoint is still starting
                }
                Thread.sleep(200);
            }
            assertThat(seen).as("while the slow task initialises, the job is RUNNING yet not ready")
                    .anySatisfy(s -> {
                        assertThat(s.job()).isEqualTo("RUNNING");
                        assertThat(s.problem()).contains("tasks running");
                    });
            assertThat(seen.get(seen.size() - 1).problem()).as("ready once every task runs").isNull();

            String otherAddress = nonLoopbackAddress();
            if (otherAddress != null) {
                boolean reachable;
                try (Socket ignored = new Socket(otherAddress, restPort)) {
                    reachable = true;
                } catch (java.io.IOException e) {
                    reachable = false;
                }
                assertThat(reachable).as("Flink's REST endpoint on " + otherAddress).isFalse();
            }
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void readsFlinksJobDetails() {
        JsonObject initialising = new JsonObject().put("state", "RUNNING").put("vertices", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("tasks", new JsonObject().put("RUNNING", 1).put("INITIALIZING", 0)))
                .add(new JsonObject().put("tasks", new JsonObject().put("RUNNING", 0).put("INITIALIZING", 1))));
        assertThat(JobReadiness.of(initialising).problem()).contains("1 of 2 tasks running");
        JsonObject running = new JsonObject().put("state", "RUNNING").put("vertices", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("tasks", new JsonObject().put("RUNNING", 2).put("FINISHED", 0))));
        assertThat(JobReadiness.of(running).problem()).isNull();
        assertThat(JobReadiness.of(new JsonObject().put("state", "RESTARTING")).problem()).isEqualTo("stream job is RESTARTING");
    }

    /** An address of this machine other than loopback, if it has one. */
    private static String nonLoopbackAddress() throws Exception {
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
                    return a.getHostAddress();
                }
            }
        }
        return null;
    }
}
