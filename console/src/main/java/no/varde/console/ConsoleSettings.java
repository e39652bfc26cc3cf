package no.varde.console;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the console signs people in: the municipality's OpenID Connect provider (Entra ID,
 * ID-porten, Keycloak; any issuer with discovery), this client's id and secret, the public URL
 * people reach Varde at (the callback is {@code <publicUrl>/console/callback}), and where the
 * person's roles are: a claim (dotted path, e.g. {@code realm_access.roles} or {@code groups})
 * whose values are mapped to Varde's roles. A value with no mapping grants nothing.
 *
 * @param roleMap identity-provider value to Varde role; values named like a role map to it unless mapped otherwise
 */
public record ConsoleSettings(String issuer, String clientId, String clientSecret, String publicUrl, String rolesClaim,
                              Map<String, Role> roleMap) {

    public static final String CALLBACK_PATH = "/console/callback";

    public ConsoleSettings {
        require(issuer, "issuer");
        require(clientId, "client id");
        require(publicUrl, "public URL");
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim.strip();
        roleMap = Map.copyOf(roleMap == null ? Map.of() : roleMap);
    }

    /** Cookies carry the Secure flag whenever people reach Varde over TLS (directly or behind a proxy). */
    public boolean secure() {
        return publicUrl.startsWith("https://");
    }

    public String callbackUrl() {
        return publicUrl + CALLBACK_PATH;
    }

    /** The Varde role an identity-provider value grants, if any. */
    public Optional<Role> roleFor(String value) {
        Role mapped = roleMap.get(value);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        return Role.fromId(value);
    }

    /**
     * From the environment: {@code VARDE_OIDC_ISSUER}, {@code VARDE_OIDC_CLIENT_ID},
     * {@code VARDE_OIDC_CLIENT_SECRET}, {@code VARDE_OIDC_ROLES_CLAIM}, {@code VARDE_OIDC_ROLE_MAP}
     * ({@code "idp-value=role,..."}). Empty when no issuer is set: the console then says how to set one.
     */
    public static Optional<ConsoleSettings> fromEnvironment(Map<String, String> env, String publicUrl) {
        String issuer = env.get("VARDE_OIDC_ISSUER");
        if (issuer == null || issuer.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ConsoleSettings(issuer.strip(), env.getOrDefault("VARDE_OIDC_CLIENT_ID", "varde-console"),
                env.get("VARDE_OIDC_CLIENT_SECRET"), env.getOrDefault("VARDE_PUBLIC_URL", publicUrl), env.get("VARDE_OIDC_ROLES_CLAIM"),
                parseRoleMap(env.get("VARDE_OIDC_ROLE_MAP"))));
    }

    static Map<String, Role> parseRoleMap(String spec) {
        Map<String, Role> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("VARDE_OIDC_ROLE_MAP: '" + pair.strip() + "' is not 'value=role'");
            }
            String role = pair.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            out.put(pair.substring(0, eq).strip(), Role.fromId(role).orElseThrow(() ->
                    new IllegalArgumentException("VARDE_OIDC_ROLE_MAP: unknown role '" + role + "' (viewer, engineer, admin)")));
        }
        return out;
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the console's sign-in needs a " + what);
        }
    }
}
