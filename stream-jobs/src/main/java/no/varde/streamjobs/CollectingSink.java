package no.varde.streamjobs;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Hands a local job's output to the process that runs it (the offline evaluation runs its
 * MiniCluster in the same JVM, and so do tests). Flink's collect iterator can lose the tail of a
 * bounded job's output when the MiniCluster shuts down first, which an evaluation cannot afford.
 */
public final class CollectingSink<T> implements Sink<T> {
    private static final Map<String, Queue<Object>> RUNS = new ConcurrentHashMap<>();
    private final String run;

    public CollectingSink() {
        this(java.util.UUID.randomUUID().toString());
    }

    public CollectingSink(String run) {
        this.run = run;
        RUNS.put(run, new ConcurrentLinkedQueue<>());
    }

    /** What the job wrote, in arrival order; the run's queue is dropped. */
    @SuppressWarnings("unchecked")
    public java.util.List<T> drain() {
        Queue<Object> q = RUNS.remove(run);
        return q == null ? java.util.List.of() : q.stream().map(o -> (T) o).toList();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> queue = RUNS.get(run);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
