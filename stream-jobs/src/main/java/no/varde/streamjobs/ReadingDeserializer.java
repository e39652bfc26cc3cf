package no.varde.streamjobs;

import no.varde.model.Reading;
import no.varde.model.codec.ReadingEncoding;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka record → {@link Reading}, in whichever encoding ingest wrote it (binary, or JSON from
 * before 2026-12 or a rolling upgrade; see {@link ReadingEncoding}). Only ingest writes {@code varde.readings}, so an undecodable
 * record means a foreign producer or a bug; it is logged with its position and skipped rather
 * than failing the job in a loop (ingest keeps its own dead letters of device input).
 */
public final class ReadingDeserializer implements KafkaRecordDeserializationSchema<Reading> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Reading> out) {
        try {
            out.collect(ReadingEncoding.decode(record.value()));
        } catch (IllegalArgumentException e) {
            LOG.error("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<Reading> getProducedType() {
        return TypeInformation.of(Reading.class);
    }
}
