package no.varde.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real OpenID Connect provider for the console's tests: Keycloak's server distribution (unpacked
 * by Maven from {@code org.keycloak:keycloak-quarkus-dist}) in development mode with an in-memory
 * database, started once per test JVM with a realm imported at start. The realm has the console's
 * confidential client and four people: an engineer, a viewer, an administrator and one whose
 * claims grant no Varde role. Keycloak 26 runs on the machine's Java 17. The platform's tests use
 * it too (console's test-jar), pointing {@code keycloak.home} at the console module's unpacked copy.
 */
public final class KeycloakServer {
    public static final String REALM = "varde";
    public static final String CLIENT_ID = "varde-console";
    public static final String CLIENT_SECRET = "console-test-secret-0123456789";
    public static final String PASSWORD = "Passord-for-test-1";

    private static KeycloakServer instance;

    private final Process process;
    private final int port;
    private final Path log;

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static synchronized KeycloakServer get() throws Exception {
        if (instance == null) {
            instance = start();
            KeycloakServer started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.process.destroy()));
        }
        return instance;
    }

    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    private static KeycloakServer start() throws Exception {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.5.6"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + ": run the tests through Maven (mvn verify)");
        }
        Path importDir = home.resolve("data/import");
        Files.createDirectories(importDir);
        Files.writeString(importDir.resolve("varde-realm.json"), realm().encodePrettily());
        int port = freePort();
        Path log = Files.createTempFile("keycloak-", ".log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-host=127.0.0.1",
                "--http-port=" + port, "--db=dev-mem", "--import-realm", "--health-enabled=false")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        Process p = pb.start();
        KeycloakServer server = new KeycloakServer(p, port, log);
        server.awaitDiscovery(Duration.ofSeconds(120));
        return server;
    }

    private void awaitDiscovery(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited: " + tail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        process.destroy();
        throw new IllegalStateException("Keycloak did not serve " + discovery + " within " + timeout + ": " + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The realm: roles named as Varde's, carried in the ID token's roles claim. */
    static JsonObject realm() {
        JsonArray users = new JsonArray()
                .add(user("eli", "Eli", "Engineer", "engineer"))
                .add(user("vera", "Vera", "Viewer", "viewer"))
                .add(user("ada", "Ada", "Admin", "admin"))
                .add(user("nora", "Nora", "Norole", null));
        JsonObject client = new JsonObject().put("clientId", CLIENT_ID).put("enabled", true).put("protocol", "openid-connect")
                .put("publicClient", false).put("secret", CLIENT_SECRET).put("standardFlowEnabled", true)
                .put("directAccessGrantsEnabled", false)
                // Any port on the loopback address: the console under test listens on a free port chosen at run time.
                .put("redirectUris", new JsonArray().add("http://127.0.0.1*").add("http://localhost*"))
                .put("webOrigins", new JsonArray().add("+"))
                // Realm roles as a "roles" claim in the ID token, as Entra ID carries app roles; Keycloak puts them only
                // in the access token's realm_access by default, whose audience is not this client.
                .put("protocolMappers", new JsonArray().add(new JsonObject().put("name", "roles").put("protocol", "openid-connect")
                        .put("protocolMapper", "oidc-usermodel-realm-role-mapper").put("config", new JsonObject()
                                .put("claim.name", "roles").put("multivalued", "true").put("jsonType.label", "String")
                                .put("id.token.claim", "true").put("access.token.claim", "true").put("userinfo.token.claim", "true"))))
                .put("attributes", new JsonObject().put("pkce.code.challenge.method", "S256")
                        .put("post.logout.redirect.uris", "http://127.0.0.1*##http://localhost*"));
        JsonArray roles = new JsonArray();
        for (String r : new String[] {"viewer", "engineer", "admin"}) {
            roles.add(new JsonObject().put("name", r));
        }
        return new JsonObject().put("realm", REALM).put("enabled", true).put("sslRequired", "none")
                .put("roles", new JsonObject().put("realm", roles)).put("clients", new JsonArray().add(client)).put("users", users);
    }

    private static JsonObject user(String username, String first, String last, String role) {
        JsonObject u = new JsonObject().put("username", username).put("enabled", true).put("firstName", first).put("lastName", last)
                .put("email", username + "@kommune.test").put("emailVerified", true)
                .put("credentials", new JsonArray().add(new JsonObject().put("type", "password").put("value", PASSWORD).put("temporary", false)));
        JsonArray roles = new JsonArray().add("default-roles-" + REALM);
        if (role != null) {
            roles.add(role);
        }
        return u.put("realmRoles", roles);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
