package no.varde.alerting.rota;

/**
 * Someone on a rota and how to reach them. Addresses live only in the configuration (never copied
 * into the database or logs): notifications name the person's id and look the address up when sent.
 */
public record Person(String id, String name, String sms, String email) {
    public String address(String kind) {
        return switch (kind) {
            case "sms" -> sms;
            case "email" -> email;
            default -> null;
        };
    }
}
