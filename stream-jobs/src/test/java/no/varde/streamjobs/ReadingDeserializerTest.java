package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingBinary;
import no.varde.model.codec.ReadingJson;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ReadingDeserializerTest {
    private final List<Decoded<Reading>> out = new ArrayList<>();
    private final Collector<Decoded<Reading>> collector = new Collector<>() {
        @Override
        public void collect(Decoded<Reading> record) {
            out.add(record);
        }

        @Override
        public void close() {
        }
    };

    @Test
    void decodesReadingsAndHandsOnWhatIsNotWithItsPositionAndBytes() {
        Reading reading = new Reading("a-1", "air.o3", 80, "ug/m3", Instant.parse("2026-06-01T12:00:00Z"),
                Instant.parse("2026-06-01T12:00:01Z"));
        ReadingDeserializer deserializer = new ReadingDeserializer();
        deserializer.deserialize(new ConsumerRecord<>("t", 0, 0, null, ReadingBinary.encode(reading)), collector);
        deserializer.deserialize(new ConsumerRecord<>("t", 0, 1, null, "{}".getBytes()), collector);
        // Written before 2026-12, or during a rolling upgrade: JSON in the same topic, record by record.
        deserializer.deserialize(new ConsumerRecord<>("t", 0, 2, null, ReadingJson.encode(reading)), collector);
        deserializer.deserialize(new ConsumerRecord<>("t", 0, 3, null, new byte[] {1, 3, 'a'}), collector);
        deserializer.deserialize(new ConsumerRecord<>("t", 2, 4, null, null), collector);
        assertThat(out).extracting(Decoded::value).containsExactly(reading, null, reading, null, null);
        assertThat(out.get(1).undecodable()).satisfies(u -> {
            assertThat(u.topic()).isEqualTo("t");
            assertThat(u.offset()).isEqualTo(1);
            assertThat(u.reason()).startsWith("not a reading: ");
            assertThat(u.payload()).isEqualTo("{}".getBytes());
        });
        assertThat(out.get(3).undecodable().payload()).containsExactly(1, 3, 'a');
        assertThat(out.get(4).undecodable()).satisfies(u -> {
            assertThat(u.partition()).isEqualTo(2);
            assertThat(u.payload()).isEmpty();
        });
    }
}
