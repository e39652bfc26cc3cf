package no.varde.streamjobs.state;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * A keyed value that an operator changes on every record but that Flink needs only at a checkpoint:
 * kept as a live object per key and written to its {@link ValueState} just before each snapshot
 * ({@link WriteBackOperator}).
 *
 * <p>Why: RocksDB serialises a value on every read and write, so a value that holds a whole domain's
 * sensors (the drift detector's) cost a read and a write of all of them per record, under 70 records
 * a second at 10,000 series. Kept live, it costs one write per checkpoint. On the heap backend, which
 * stores the object itself, what is written is a copy: a snapshot runs on its own thread and must not
 * see the live object change under it.
 *
 * <p>Only for values with few keys that change often (a domain, not a series): every live value stays
 * on the heap until its key is removed.
 */
public final class LiveKeyedValue<K, V> {
    private final ValueState<V> state;
    private final TypeSerializer<V> serializer;
    private final Map<K, V> live = new HashMap<>();
    private final Set<K> changed = new LinkedHashSet<>();

    public LiveKeyedValue(RuntimeContext context, ValueStateDescriptor<V> descriptor) {
        this.state = context.getState(descriptor);
        this.serializer = descriptor.getSerializer().duplicate();
    }

    /** The value of {@code key}, which must be the current key: the live one, else the one checkpointed or restored, else null. */
    public V get(K key) throws IOException {
        V value = live.get(key);
        if (value == null) {
            value = state.value();
            if (value != null) {
                live.put(key, value);
            }
        }
        return value;
    }

    /** Says that {@code key}'s value is {@code value} now, or was changed in place: it is written before the next snapshot. */
    public void changed(K key, V value) {
        live.put(key, value);
        changed.add(key);
    }

    /** Removes {@code key}'s value, live and in Flink's state ({@code key} must be the current key). */
    public void remove(K key) {
        live.remove(key);
        changed.remove(key);
        state.clear();
    }

    /**
     * Writes every value changed since the last call to Flink's state, making each key current with
     * {@code makeCurrent} first; {@code copy} when the backend keeps the object written (the heap).
     */
    public void writeBack(Consumer<K> makeCurrent, boolean copy) throws IOException {
        for (K key : changed) {
            makeCurrent.accept(key);
            V value = live.get(key);
            state.update(copy ? serializer.copy(value) : value);
        }
        changed.clear();
    }

    /** Keys whose values are held live (for tests). */
    public int liveKeys() {
        return live.size();
    }
}
