package no.varde.opendata.dcat;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * A day of a dataset as Parquet (the same columns as the CSV; time as a UTC timestamp in
 * microseconds; Snappy), written straight into the response: Parquet writes its footer last,
 * so the file needs no seeking and no temporary copy.
 */
public final class DailyParquet {
    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("datastream")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("thing")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("metric")
            .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named("time")
            .required(PrimitiveTypeName.DOUBLE).named("value")
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("unit")
            .named("reading");

    private DailyParquet() {
    }

    /** One row of the file. */
    record Row(String datastream, String thing, String metric, Instant time, double value, String unit) {
    }

    /** @return rows written */
    public static long write(Connection c, PublicDatasets.Dataset dataset, LocalDate day, int k, OutputStream out) throws Exception {
        try (ParquetWriter<Row> writer = new Builder(new StreamFile(out)).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withConf(new Configuration(false)).build()) {
            return DailyRows.read(c, dataset, day, k, (datastream, thing, metric, time, value, unit) ->
                    writer.write(new Row(datastream, thing, metric, time, value, unit)));
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport();
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Row> {
        private RecordConsumer consumer;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Row r) {
            consumer.startMessage();
            text(0, "datastream", r.datastream());
            text(1, "thing", r.thing());
            text(2, "metric", r.metric());
            consumer.startField("time", 3);
            consumer.addLong(r.time().getEpochSecond() * 1_000_000L + r.time().getNano() / 1_000);
            consumer.endField("time", 3);
            consumer.startField("value", 4);
            consumer.addDouble(r.value());
            consumer.endField("value", 4);
            text(5, "unit", r.unit());
            consumer.endMessage();
        }

        private void text(int index, String name, String value) {
            consumer.startField(name, index);
            consumer.addBinary(Binary.fromString(value));
            consumer.endField(name, index);
        }
    }

    /** An OutputFile over a stream that only goes forward: all Parquet's writer needs. */
    private record StreamFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
