package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import no.varde.model.Domain;
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
    void returnsTheHashOfAnEnabledDeviceOnly() throws Exception {
        devices.upsert(new Device("w-1", Domain.WATER, "Nord", 59.9, 10.7, true), "hash-1");
        devices.upsert(new Device("w-2", Domain.WATER, "Nord", null, null, false), "hash-2");
        assertThat(devices.credentialHashOfEnabled("w-1")).contains("hash-1");
        assertThat(devices.credentialHashOfEnabled("w-2")).isEmpty();
        assertThat(devices.credentialHashOfEnabled("nobody")).isEmpty();
    }

    @Test
    void upsertReplacesTheCredential() throws Exception {
        devices.upsert(new Device("a-1", Domain.AIR, "Sentrum", null, null, true), "old");
        devices.upsert(new Device("a-1", Domain.AIR, "Sentrum", null, null, true), "new");
        assertThat(devices.credentialHashOfEnabled("a-1")).contains("new");
        devices.markSeen("a-1");
    }
}
