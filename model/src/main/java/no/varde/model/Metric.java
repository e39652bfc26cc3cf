package no.varde.model;

import java.util.Map;
import java.util.Optional;

/**
 * A measured quantity Varde knows: its canonical unit, the physically plausible range (a value
 * outside it is a broken sensor or a wrong unit, not an anomaly) and the other units it accepts
 * with their conversion to the canonical one.
 */
public record Metric(String name, Domain domain, String unit, double min, double max,
                     String description, Map<String, UnitConversion> conversions) {

    public Metric {
        if (!(min < max)) {
            throw new IllegalArgumentException("metric " + name + ": min must be below max");
        }
        conversions = Map.copyOf(conversions);
    }

    public boolean isPlausible(double canonicalValue) {
        return canonicalValue >= min && canonicalValue <= max;
    }

    /** The conversion from {@code fromUnit} to the canonical unit, if that unit is accepted. */
    public Optional<UnitConversion> conversionFrom(String fromUnit) {
        if (fromUnit == null || fromUnit.equals(unit)) {
            return Optional.of(UnitConversion.IDENTITY);
        }
        return Optional.ofNullable(conversions.get(fromUnit));
    }
}
