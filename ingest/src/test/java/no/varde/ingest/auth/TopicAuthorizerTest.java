package no.varde.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import no.varde.ingest.mqtt.PublishTopic;
import no.varde.model.DeviceKind;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.Migrations;
import no.varde.testsupport.CountingDataSource;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gateway assignments against a real PostgreSQL: one query per gateway, however many devices it carries. */
class TopicAuthorizerTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void aGatewayWithManyDevicesCostsOneQueryAndNewAssignmentsAreSeenSoon() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        DeviceRepository registry = new DeviceRepository(db);
        registry.upsert(Device.of("gw-1", DeviceKind.GATEWAY, null), null);
        registry.upsert(Device.of("gw-2", DeviceKind.GATEWAY, null), null);
        for (int i = 0; i < 300; i++) {
            registry.upsert(Device.of("s-" + i, DeviceKind.AIR, null).withGateway("gw-1"), null);
        }
        CountingDataSource counting = new CountingDataSource(db);
        TopicAuthorizer authorizer = new TopicAuthorizer(vertx, new DeviceRepository(counting));

        List<Future<Void>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(authorizer.authorize("gw-1", PublishTopic.parse("gateways/gw-1/sensors/s-" + i + "/telemetry").orElseThrow()));
        }
        Future.all(all).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(counting.connections.get()).isEqualTo(1);

        // Another gateway may not publish for gw-1's devices.
        assertThat(authorizer.authorize("gw-2", PublishTopic.parse("gateways/gw-2/sensors/s-1/telemetry").orElseThrow())
                .toCompletionStage().toCompletableFuture().handle((ok, e) -> e).get(10, TimeUnit.SECONDS)).isNotNull();

        // A device assigned after the gateway's devices were read is accepted once five seconds have passed.
        registry.upsert(Device.of("s-new", DeviceKind.AIR, null).withGateway("gw-1"), null);
        Thread.sleep(5_100);
        authorizer.authorize("gw-1", PublishTopic.parse("gateways/gw-1/sensors/s-new/telemetry").orElseThrow())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
