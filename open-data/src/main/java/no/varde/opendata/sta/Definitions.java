package no.varde.opendata.sta;

import java.util.Map;

/**
 * The definition IRI of each of Varde's metrics as an ObservedProperty: a QUDT quantity kind, or a
 * CF standard name where CF names the quantity more precisely (pollutants in air). A metric with
 * neither points to Varde's own catalogue entry.
 */
final class Definitions {
    private static final String QUDT = "http://qudt.org/vocab/quantitykind/";
    private static final String CF = "http://vocab.nerc.ac.uk/standard_name/";
    private static final Map<String, String> IRI = Map.ofEntries(
            Map.entry("water.pressure", QUDT + "Pressure"),
            Map.entry("water.flow", QUDT + "VolumeFlowRate"),
            Map.entry("water.reservoir_level", QUDT + "Height"),
            Map.entry("water.turbidity", QUDT + "Turbidity"),
            Map.entry("water.ph", QUDT + "PH"),
            Map.entry("water.chlorine", QUDT + "MassConcentration"),
            Map.entry("air.pm2_5", CF + "mass_concentration_of_pm2p5_ambient_aerosol_particles_in_air/"),
            Map.entry("air.pm10", CF + "mass_concentration_of_pm10_ambient_aerosol_particles_in_air/"),
            Map.entry("air.no2", CF + "mass_concentration_of_nitrogen_dioxide_in_air/"),
            Map.entry("air.o3", CF + "mass_concentration_of_ozone_in_air/"),
            Map.entry("air.temperature", CF + "air_temperature/"),
            Map.entry("air.humidity", CF + "relative_humidity/"),
            Map.entry("traffic.vehicle_count", QUDT + "Count"),
            Map.entry("traffic.speed", QUDT + "Speed"),
            Map.entry("traffic.occupancy", QUDT + "DimensionlessRatio"));

    private Definitions() {
    }

    static String of(String metric) {
        return IRI.getOrDefault(metric, "https://github.com/varde/varde/blob/main/model/src/main/resources/no/varde/model/metrics.json#" + metric);
    }
}
