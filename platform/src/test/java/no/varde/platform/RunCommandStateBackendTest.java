package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import no.varde.streamjobs.StateBackendChoice;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code varde run --state-backend / --rocksdb-memory}: laid over the environment, checked before anything starts. */
class RunCommandStateBackendTest {

    private static RunCommand parsed(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @Test
    void theOptionsReachThePlatformsSettingsOverTheEnvironment() {
        Map<String, String> settings = parsed("--state-backend", "RocksDB", "--rocksdb-memory", "256m").settings();

        assertThat(StateBackendChoice.fromSettings(settings)).isEqualTo(StateBackendChoice.ROCKSDB);
        assertThat(StateBackendChoice.rocksDbMemory(settings)).isEqualTo(MemorySize.parse("256m"));
        // The rest of the environment is still there for the console and the open data.
        System.getenv().forEach((name, value) -> {
            if (!name.equals("VARDE_STATE_BACKEND") && !name.equals("VARDE_ROCKSDB_MEMORY")) {
                assertThat(settings).containsEntry(name, value);
            }
        });
    }

    @Test
    void aWrongValueIsAUsageErrorThatNamesIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RunCommand()).setErr(new PrintWriter(err));

        // Refused while the options are checked, before a data directory is locked or a part started.
        int exit = cli.execute("--state-backend", "leveldb", "--data-dir", "target/never-created-run-dir");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown state backend 'leveldb': use hashmap or rocksdb").contains("Usage:");
        assertThat(java.nio.file.Path.of("target/never-created-run-dir")).doesNotExist();

        StringWriter err2 = new StringWriter();
        int exit2 = new CommandLine(new RunCommand()).setErr(new PrintWriter(err2))
                .execute("--state-backend", "rocksdb", "--rocksdb-memory", "8m", "--data-dir", "target/never-created-run-dir");
        assertThat(exit2).isEqualTo(2);
        assertThat(err2.toString()).contains("VARDE_ROCKSDB_MEMORY");
        assertThat(java.nio.file.Path.of("target/never-created-run-dir")).doesNotExist();
    }
}
