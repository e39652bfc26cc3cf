package no.varde.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import java.util.Optional;

/**
 * Who is signed in, read from the verified ID and access tokens Vert.x's OpenID Connect handler
 * put on the user (verifying is the handler's job; this only extracts). The highest role any of
 * the configured claim's values grants wins; no mapped value means no role and no access.
 *
 * @param username the provider's preferred_username (or e-mail, or subject): what the audit trail and assignments name
 */
public record Person(String subject, String name, String username, Role role) {

    /** How the audit trail names them: "Kari Nordmann (kari)". */
    public String actor() {
        return name.equals(username) ? username : name + " (" + username + ")";
    }

    public boolean may(Role needed) {
        return role != null && role.includes(needed);
    }

    static Person from(User user, ConsoleSettings settings) {
        JsonObject id = claims(user, "idToken");
        JsonObject access = claims(user, "accessToken");
        String subject = first(id, access, "sub");
        String username = Optional.ofNullable(first(id, access, "preferred_username")).or(() -> Optional.ofNullable(first(id, access, "email")))
                .orElse(subject);
        String name = Optional.ofNullable(first(id, access, "name")).orElse(username);
        Role role = null;
        for (JsonObject claims : new JsonObject[] {id, access}) {
            Object value = at(claims, settings.rolesClaim());
            JsonArray values = value instanceof JsonArray a ? a : value instanceof String s ? new JsonArray().add(s) : new JsonArray();
            for (Object v : values) {
                Role r = settings.roleFor(String.valueOf(v)).orElse(null);
                if (r != null && (role == null || r.includes(role))) {
                    role = r;
                }
            }
        }
        return new Person(subject, name, username, role);
    }

    private static JsonObject claims(User user, String token) {
        JsonObject c = user.attributes().getJsonObject(token);
        return c == null ? new JsonObject() : c;
    }

    private static String first(JsonObject a, JsonObject b, String claim) {
        String v = a.getString(claim);
        return v != null && !v.isBlank() ? v : b.getString(claim);
    }

    /** A dotted path into the claims ("realm_access.roles"). */
    private static Object at(JsonObject claims, String path) {
        Object here = claims;
        for (String part : path.split("\\.")) {
            if (!(here instanceof JsonObject o)) {
                return null;
            }
            here = o.getValue(part);
        }
        return here;
    }
}
