package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import no.varde.model.Reading;
import no.varde.streamjobs.SeriesKeys;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link ZoneDirectory#movedSince}: a device the directory confirmed is not looked up again until
 * the directory changes, one it does not know is looked up at every reading, and a move is seen
 * at the first reading after it.
 */
class ZoneDirectoryTest {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    /** A fixed directory that counts the lookups made of it. */
    private static final class Counting implements ZoneDirectory {
        final FixedZoneDirectory registry;
        long lookups;
        long version;

        Counting(FixedZoneDirectory registry, long version) {
            this.registry = registry;
            this.version = version;
        }

        @Override
        public String zoneOf(String deviceId) {
            lookups++;
            return registry.zoneOf(deviceId);
        }

        @Override
        public boolean knows(String deviceId) {
            lookups++;
            return registry.knows(deviceId);
        }

        @Override
        public long version() {
            return version == 0 ? 0 : version + registry.version();
        }

        @Override
        public int airStationsIn(String zone) {
            return registry.airStationsIn(zone);
        }
    }

    @Test
    void aConfirmedDeviceIsLookedUpAgainOnlyWhenTheDirectoryChanges() {
        Counting zones = new Counting(new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of()), 1);
        AtomicLong confirmed = new AtomicLong();
        assertThat(zones.movedSince(confirmed.get(), "w-1", "Nord", confirmed::set)).isFalse();
        assertThat(confirmed.get()).isEqualTo(zones.version());
        long lookups = zones.lookups;
        assertThat(lookups).isPositive();
        for (int i = 0; i < 100; i++) {
            assertThat(zones.movedSince(confirmed.get(), "w-1", "Nord", confirmed::set)).isFalse();
        }
        assertThat(zones.lookups).as("confirmed at this version: no lookups").isEqualTo(lookups);

        zones.registry.move("w-1", "Sør");
        assertThat(zones.movedSince(confirmed.get(), "w-1", "Nord", confirmed::set)).as("the move, at the next question").isTrue();
        assertThat(zones.movedSince(confirmed.get(), "w-1", "Sør", confirmed::set)).isFalse();
        assertThat(confirmed.get()).isEqualTo(zones.version());
    }

    @Test
    void anUnknownDeviceOrAnUnreadDirectoryIsLookedUpEveryTime() {
        Counting zones = new Counting(new FixedZoneDirectory(Map.of(), Map.of()), 1);
        AtomicLong confirmed = new AtomicLong();
        for (int i = 0; i < 3; i++) {
            assertThat(zones.movedSince(confirmed.get(), "ghost", "Nord", confirmed::set)).isFalse();
        }
        assertThat(confirmed.get()).as("never confirmed").isZero();
        assertThat(zones.lookups).isGreaterThanOrEqualTo(3);

        // A registry not read yet (version 0, a database down at start): its lookups' misses are what re-read it.
        Counting unread = new Counting(new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of()), 0);
        for (int i = 0; i < 3; i++) {
            unread.movedSince(0, "w-1", "Nord", v -> { });
        }
        assertThat(unread.lookups).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theSeriesAndSilenceDetectorsLookAZoneUpOncePerDirectoryVersion() throws Exception {
        Counting zones = new Counting(new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of()), 1);
        try (var series = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SeriesDetection(zones,
                     LimitRules.shipped(), DetectorSettings.defaults())), new SeriesKeys.OfReading(), Types.STRING);
             var silence = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SilenceDetection(zones, 5_000)),
                     Reading::deviceId, Types.STRING)) {
            series.open();
            silence.open();
            for (int m = 0; m < 200; m++) {
                Instant t = T0.plus(Duration.ofMinutes(m));
                StreamRecord<Reading> r = new StreamRecord<>(new Reading("w-1", "water.pressure", 4.0, "bar", t, t), t.toEpochMilli());
                series.processElement(r);
                silence.processElement(r);
            }
            assertThat(zones.lookups).as("400 readings seen, each detector confirming its device once").isLessThanOrEqualTo(8);
        }
    }
}
