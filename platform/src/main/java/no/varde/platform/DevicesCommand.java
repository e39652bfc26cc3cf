package no.varde.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code varde devices ...}: provisioning through the admin API of a running Varde. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Add, list, disable, enable, rotate tokens of and import devices (through the admin API).",
        subcommands = {DevicesCommand.Add.class, DevicesCommand.ListDevices.class, DevicesCommand.Show.class,
                DevicesCommand.Disable.class, DevicesCommand.Enable.class, DevicesCommand.Rotate.class, DevicesCommand.Import.class})
final class DevicesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where the admin API is and the token to use; the token never goes on the command line. */
    static final class Connection {
        @Option(names = "--api", defaultValue = "${env:VARDE_API_URL:-http://127.0.0.1:8080}", description = "Varde's HTTP address (default: ${DEFAULT-VALUE}).")
        String api;

        @Option(names = "--admin-token-file", defaultValue = "${env:VARDE_DATA_DIR:-varde-data}/admin-token",
                description = "File with the admin token (default: ${DEFAULT-VALUE}); env VARDE_ADMIN_TOKEN wins.")
        Path tokenFile;

        AdminApiClient client() throws Exception {
            String token = System.getenv("VARDE_ADMIN_TOKEN");
            if (token == null || token.isBlank()) {
                if (!Files.isReadable(tokenFile)) {
                    throw new IllegalStateException("no admin token: set VARDE_ADMIN_TOKEN or pass --admin-token-file");
                }
                token = AdminToken.read(tokenFile);
            }
            return new AdminApiClient(api, token);
        }
    }

    static void print(JsonObject json) {
        System.out.println(json.encodePrettily());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a device and print its token (shown once).")
    static final class Add implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0", description = "device id") String id;
        @Option(names = "--kind", required = true, description = "water, air, traffic or gateway") String kind;
        @Option(names = "--zone") String zone;
        @Option(names = "--lat") Double latitude;
        @Option(names = "--lon") Double longitude;
        @Option(names = "--model", description = "sensor model") String model;
        @Option(names = "--gateway", description = "gateway allowed to publish for this device") String gateway;

        @Override
        public Integer call() throws Exception {
            JsonObject device = new JsonObject().put("id", id).put("kind", kind).put("zone", zone).put("latitude", latitude)
                    .put("longitude", longitude).put("model", model).put("gateway", gateway);
            print(connection.client().call("POST", "/api/v1/admin/devices", "application/json", device.encode()));
            System.err.println("Store the token now: Varde keeps only its hash and cannot show it again.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List devices.")
    static final class ListDevices implements Callable<Integer> {
        @Mixin Connection connection;
        @Option(names = "--limit", defaultValue = "100") int limit;
        @Option(names = "--offset", defaultValue = "0") int offset;

        @Override
        public Integer call() throws Exception {
            JsonArray devices = connection.client().call("GET", "/api/v1/admin/devices?limit=" + limit + "&offset=" + offset, null, null)
                    .getJsonArray("devices");
            System.out.printf("%-24s %-8s %-12s %-8s %-7s %s%n", "ID", "KIND", "ZONE", "ENABLED", "TOKENS", "LAST SEEN");
            for (int i = 0; i < devices.size(); i++) {
                JsonObject d = devices.getJsonObject(i);
                System.out.printf("%-24s %-8s %-12s %-8s %-7d %s%n", d.getString("id"), d.getString("kind"),
                        d.getString("zone", "-"), d.getBoolean("enabled"), d.getInteger("activeTokens"), d.getString("lastSeen", "never"));
            }
            return 0;
        }
    }

    /** A call on one device that needs nothing but its id. */
    abstract static class OneDeviceCall implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0", description = "device id") String id;

        private final String method;
        private final String suffix;

        OneDeviceCall(String method, String suffix) {
            this.method = method;
            this.suffix = suffix;
        }

        @Override
        public Integer call() throws Exception {
            print(connection.client().call(method, "/api/v1/admin/devices/" + id + suffix, null, null));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one device.")
    static final class Show extends OneDeviceCall {
        Show() {
            super("GET", "");
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a device: it can no longer connect.")
    static final class Disable extends OneDeviceCall {
        Disable() {
            super("POST", "/disable");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a device again.")
    static final class Enable extends OneDeviceCall {
        Enable() {
            super("POST", "/enable");
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Issue a new token; old ones keep working for the grace period.")
    static final class Rotate implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0") String id;
        @Option(names = "--grace-seconds", defaultValue = "86400", description = "How long old tokens keep working (default: ${DEFAULT-VALUE}).")
        long grace;

        @Override
        public Integer call() throws Exception {
            print(connection.client().call("POST", "/api/v1/admin/devices/" + id + "/tokens?graceSeconds=" + grace, null, null));
            System.err.println("Store the token now: Varde keeps only its hash and cannot show it again.");
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Register devices from CSV (id,kind,zone,latitude,longitude,model,gateway); prints their tokens once.")
    static final class Import implements Callable<Integer> {
        @Mixin Connection connection;
        @Parameters(index = "0", description = "CSV file") Path file;

        @Override
        public Integer call() throws Exception {
            JsonObject result = connection.client().call("POST", "/api/v1/admin/devices/import", "text/csv", Files.readString(file));
            print(result);
            return result.getJsonArray("errors").isEmpty() ? 0 : 1;
        }
    }
}
