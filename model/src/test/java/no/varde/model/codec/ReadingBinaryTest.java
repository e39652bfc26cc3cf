package no.varde.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import no.varde.model.Reading;
import org.junit.jupiter.api.Test;

class ReadingBinaryTest {
    private static final Reading SPEED = new Reading("t-7", "traffic.speed", 42.5, "km/h",
            Instant.parse("2026-11-23T07:30:00.123456Z"), Instant.parse("2026-11-23T07:30:01.5Z"));

    @Test
    void roundTripsWithMicrosecondTimes() {
        assertThat(ReadingBinary.decode(ReadingBinary.encode(SPEED))).isEqualTo(SPEED);
    }

    @Test
    void keepsWhatJsonKeepsAtTheEdges() {
        // Non-ASCII ids, a 200-byte id (two-byte length), an empty unit, negative values and times before 1970.
        Reading edge = new Reading("målestasjon-Ørsta-" + "x".repeat(180), "air.temperature", -0.0, "",
                Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(ReadingBinary.decode(ReadingBinary.encode(edge))).isEqualTo(edge);
        assertThat(ReadingBinary.encode(edge)).hasSizeLessThan(ReadingJson.encode(edge).length);
    }

    @Test
    void isLaidOutAsDocumented() {
        byte[] bytes = ReadingBinary.encode(new Reading("a", "b", 1.0, "c", Instant.ofEpochSecond(0, 1_000), Instant.ofEpochSecond(1)));
        assertThat(bytes).containsExactly(
                1, 1, 'a', 1, 'b', 1, 'c',
                0x3F, (byte) 0xF0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 1,
                0, 0, 0, 0, 0, 0x0F, 0x42, 0x40);
    }

    @Test
    void refusesWhatIsNotAVersionOneReadingWithAClearReason() {
        byte[] good = ReadingBinary.encode(SPEED);
        assertThatThrownBy(() -> ReadingBinary.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ReadingBinary.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the last field");
        byte[] version2 = good.clone();
        version2[0] = 2;
        assertThatThrownBy(() -> ReadingBinary.decode(version2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version byte 2");
        assertThatThrownBy(() -> ReadingBinary.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadingBinary.decode(new byte[] {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("varint");
    }

    /** Whatever the bytes, decoding either returns a reading or throws IllegalArgumentException (the job logs and skips those). */
    @Test
    void anyBytesDecodeOrFailWithIllegalArgumentOnly() {
        SplittableRandom random = new SplittableRandom(19);
        byte[] good = ReadingBinary.encode(SPEED);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = i % 2 == 0 ? good.clone() : new byte[random.nextInt(48)];
            if (i % 2 == 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            } else {
                random.nextBytes(bytes);
                if (bytes.length > 0) {
                    bytes[0] = 1;
                }
            }
            try {
                assertThat(ReadingEncoding.decode(bytes)).isNotNull();
            } catch (IllegalArgumentException expected) {
                assertThat(expected).hasMessageStartingWith("not a");
            }
        }
    }

    @Test
    void readersTakeBothEncodingsRecordByRecord() {
        assertThat(ReadingEncoding.decode(ReadingEncoding.JSON.encode(SPEED))).isEqualTo(SPEED);
        assertThat(ReadingEncoding.decode(ReadingEncoding.BINARY.encode(SPEED))).isEqualTo(SPEED);
        assertThat(ReadingEncoding.BINARY.encode(SPEED)[0]).isEqualTo(ReadingBinary.VERSION_1);
        assertThat(ReadingEncoding.parse(" Json ")).isEqualTo(ReadingEncoding.JSON);
        assertThatThrownBy(() -> ReadingEncoding.parse("avro")).hasMessageContaining("binary or json");
    }
}
