package no.varde.streamjobs.rollup;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Longs in 1 to 10 bytes, 7 bits a byte, low bits first (LEB128, as Protocol Buffers and Kafka
 * write them); signed ones zigzag-mapped first, so a small negative number is short too. Written
 * here because Kafka's {@code ByteUtils} reads only from an {@code InputStream} and Flink's state
 * streams are {@link DataInput}s.
 */
final class VarLongs {
    private VarLongs() {
    }

    static void writeUnsigned(DataOutput out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    static long readUnsigned(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a variable-length long longer than 10 bytes: not this encoding");
    }

    static void writeSigned(DataOutput out, long value) throws IOException {
        writeUnsigned(out, (value << 1) ^ (value >> 63));
    }

    static long readSigned(DataInput in) throws IOException {
        long zigzag = readUnsigned(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }
}
