package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.model.DeviceKind;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeviceRepositoryTest {
    private static DeviceRepository devices;

    @BeforeAll
    static void setUp() {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        devices = new DeviceRepository(db);
    }

    @Test
    void returnsTheCredentialsOfAnEnabledDeviceOnly() throws Exception {
        devices.upsert(Device.of("w-1", DeviceKind.WATER, "Nord").withLocation(59.9, 10.7), "hash-1");
        devices.upsert(Device.of("w-2", DeviceKind.WATER, "Nord").withEnabled(false), "hash-2");
        assertThat(devices.activeCredentials("w-1")).extracting(StoredCredential::secretHash).containsExactly("hash-1");
        assertThat(devices.activeCredentials("w-2")).isEmpty();
        assertThat(devices.activeCredentials("nobody")).isEmpty();
    }

    @Test
    void upsertReplacesTheCredentials() throws Exception {
        devices.upsert(Device.of("a-1", DeviceKind.AIR, "Sentrum"), "old");
        devices.upsert(Device.of("a-1", DeviceKind.AIR, "Sentrum"), "new");
        assertThat(devices.activeCredentials("a-1")).extracting(StoredCredential::secretHash).containsExactly("new");
    }

    @Test
    void rotationKeepsTheOldCredentialUntilItExpires() throws Exception {
        assertThat(devices.create(Device.of("t-1", DeviceKind.TRAFFIC, "Ost"), "first")).isTrue();
        long second = devices.addCredential("t-1", "second");
        assertThat(devices.activeCredentials("t-1")).extracting(StoredCredential::secretHash).containsExactly("second", "first");
        devices.expireOtherCredentials("t-1", second, Instant.now().plusSeconds(3600));
        assertThat(devices.activeCredentials("t-1")).hasSize(2);
        devices.expireOtherCredentials("t-1", second, Instant.now().minusSeconds(1));
        assertThat(devices.activeCredentials("t-1")).extracting(StoredCredential::secretHash).containsExactly("second");
        assertThat(devices.find("t-1").orElseThrow().activeCredentials()).isEqualTo(1);
    }

    @Test
    void upsertAllRegistersManyInBatchesWithTheSameMeaningAsUpsert() throws Exception {
        java.util.List<DeviceRepository.Registration> list = new java.util.ArrayList<>();
        list.add(new DeviceRepository.Registration(Device.of("bulk-gw", DeviceKind.GATEWAY, null), "gw-hash"));
        for (int i = 0; i < 2_500; i++) {
            // Across the batches of a thousand: sensors behind the gateway have no credential, the rest one each.
            Device d = Device.of("bulk-" + i, DeviceKind.AIR, "Load");
            list.add(i % 2 == 0 ? new DeviceRepository.Registration(d.withGateway("bulk-gw"), null)
                    : new DeviceRepository.Registration(d, "hash-" + i));
        }
        devices.upsertAll(list);
        assertThat(devices.find("bulk-2498").orElseThrow().device().gatewayId()).isEqualTo("bulk-gw");
        assertThat(devices.find("bulk-2498").orElseThrow().activeCredentials()).isZero();
        assertThat(devices.activeCredentials("bulk-1999")).extracting(StoredCredential::secretHash).containsExactly("hash-1999");
        assertThat(devices.activeCredentials("bulk-gw")).extracting(StoredCredential::secretHash).containsExactly("gw-hash");
        // Again with new hashes: the credentials are replaced, never added to, and the zone follows.
        devices.upsertAll(java.util.List.of(new DeviceRepository.Registration(Device.of("bulk-1999", DeviceKind.AIR, "Nord"), "rotated")));
        assertThat(devices.activeCredentials("bulk-1999")).extracting(StoredCredential::secretHash).containsExactly("rotated");
        assertThat(devices.find("bulk-1999").orElseThrow().device().zone()).isEqualTo("Nord");
        assertThat(devices.list(Integer.MAX_VALUE, 0).stream().filter(d -> d.device().id().startsWith("bulk-"))).hasSize(2_501);
    }

    @Test
    void createRefusesATakenId() throws Exception {
        assertThat(devices.create(Device.of("dup-1", DeviceKind.AIR, null), "a")).isTrue();
        assertThat(devices.create(Device.of("dup-1", DeviceKind.WATER, null), "b")).isFalse();
        assertThat(devices.find("dup-1").orElseThrow().device().kind()).isEqualTo(DeviceKind.AIR);
    }

    @Test
    void keepsGatewaysModelsAndMetadata() throws Exception {
        devices.create(Device.of("gw-1", DeviceKind.GATEWAY, "Vest"), "g");
        devices.create(Device.of("lora-1", DeviceKind.AIR, "Vest").withGateway("gw-1")
                .withModel("Elsys ERS CO2", Map.of("installed", "2026-05-01")), "l");
        RegisteredDevice found = devices.find("lora-1").orElseThrow();
        assertThat(found.device().gatewayId()).isEqualTo("gw-1");
        assertThat(found.device().model()).isEqualTo("Elsys ERS CO2");
        assertThat(found.device().metadata()).containsEntry("installed", "2026-05-01");
        assertThat(devices.gatewayOf("lora-1")).contains("gw-1");
        assertThat(devices.gatewayOf("gw-1")).isEmpty();
        devices.create(Device.of("lora-2", DeviceKind.WATER, "Vest").withModel(null, Map.of("dev_eui", "70B3D57ED0000001")), "m");
        assertThat(devices.findByDevEui("70b3d57ed0000001")).map(Device::id).contains("lora-2");
        assertThat(devices.findByDevEui("0000000000000000")).isEmpty();
    }

    @Test
    void disablingAndSeeing() throws Exception {
        devices.create(Device.of("x-1", DeviceKind.WATER, null), "x");
        assertThat(devices.setEnabled("x-1", false)).isTrue();
        assertThat(devices.setEnabled("nobody", false)).isFalse();
        assertThat(devices.activeCredentials("x-1")).isEmpty();
        Instant seen = Instant.parse("2026-11-23T10:00:00Z");
        devices.markSeen("x-1", seen);
        devices.markSeen("x-1", seen.minusSeconds(60));
        assertThat(devices.find("x-1").orElseThrow().lastSeen()).isEqualTo(seen);
        assertThat(devices.list(100, 0)).extracting(r -> r.device().id()).contains("x-1");
    }

    @Test
    void manyDevicesSeenInOneStatement() throws Exception {
        Instant earlier = Instant.parse("2026-12-05T10:00:00.123456Z");
        Instant later = earlier.plusSeconds(30);
        for (String id : List.of("s-1", "s-2", "s-3")) {
            devices.create(Device.of(id, DeviceKind.AIR, null), "x");
        }
        devices.markSeen("s-2", later);
        devices.markSeen(Map.of("s-1", earlier, "s-2", earlier, "s-3", later, "not-registered", later));
        assertThat(devices.find("s-1").orElseThrow().lastSeen()).isEqualTo(earlier);
        assertThat(devices.find("s-2").orElseThrow().lastSeen()).as("never moved back").isEqualTo(later);
        assertThat(devices.find("s-3").orElseThrow().lastSeen()).isEqualTo(later);
        assertThat(devices.find("not-registered")).isEmpty();
        devices.markSeen(Map.of());
    }
}
