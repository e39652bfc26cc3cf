package no.varde.opendata.dcat;

import java.util.Map;

/**
 * Who publishes the open data and on what terms, as the national catalogue (data.norge.no)
 * harvests it. From the environment: {@code VARDE_OPEN_DATA_LICENCE} ({@code NLOD-2.0}, the
 * default, or {@code CC-BY-4.0}), {@code VARDE_OPEN_DATA_PUBLISHER} (the municipality's name),
 * {@code VARDE_OPEN_DATA_ORGNR} (its organisation number in Enhetsregisteret),
 * {@code VARDE_OPEN_DATA_CONTACT} (an e-mail address for questions about the data).
 */
public record CatalogueSettings(String licence, String publisherName, String organisationNumber, String contactEmail) {
    public static final String NLOD = "http://data.norge.no/nlod/no/2.0";
    public static final String CC_BY = "http://creativecommons.org/licenses/by/4.0/";

    public CatalogueSettings {
        if (!organisationNumber.matches("\\d{9}")) {
            throw new IllegalArgumentException("VARDE_OPEN_DATA_ORGNR must be a 9-digit organisation number, not '" + organisationNumber + "'");
        }
        if (!contactEmail.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("VARDE_OPEN_DATA_CONTACT must be an e-mail address");
        }
    }

    public static CatalogueSettings fromEnv(Map<String, String> env) {
        String licence = switch (env.getOrDefault("VARDE_OPEN_DATA_LICENCE", "NLOD-2.0")) {
            case "NLOD-2.0" -> NLOD;
            case "CC-BY-4.0" -> CC_BY;
            default -> throw new IllegalArgumentException("VARDE_OPEN_DATA_LICENCE must be NLOD-2.0 or CC-BY-4.0");
        };
        return new CatalogueSettings(licence, env.getOrDefault("VARDE_OPEN_DATA_PUBLISHER", "Varde demo municipality"),
                env.getOrDefault("VARDE_OPEN_DATA_ORGNR", "999999999"), env.getOrDefault("VARDE_OPEN_DATA_CONTACT", "opendata@example.org"));
    }

    public String licenceName() {
        return licence.equals(NLOD) ? "Norsk lisens for offentlige data (NLOD) 2.0" : "Creative Commons Attribution 4.0";
    }
}
