package no.varde.streamjobs;

import no.varde.model.Reading;
import no.varde.model.codec.ReadingEncoding;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record → {@link Reading}, in whichever encoding ingest wrote it (binary, or JSON from
 * before 2026-12 or a rolling upgrade; see {@link ReadingEncoding}). Only ingest writes
 * {@code varde.readings}, so an undecodable record means a foreign producer or a bug; it is handed
 * on as such ({@link Decoded}), to be kept in {@code undecodable_records} rather than fail the job
 * in a loop (ingest keeps its own dead letters of device input).
 */
public final class ReadingDeserializer implements KafkaRecordDeserializationSchema<Decoded<Reading>> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<Reading>> out) {
        Reading reading;
        try {
            reading = ReadingEncoding.decode(record.value());
        } catch (RuntimeException e) {
            out.collect(Decoded.undecodable(UndecodableRecord.of(record, "not a reading: " + e.getMessage())));
            return;
        }
        out.collect(Decoded.of(reading));
    }

    @Override
    public TypeInformation<Decoded<Reading>> getProducedType() {
        return TypeInformation.of(new TypeHint<Decoded<Reading>>() {
        });
    }
}
