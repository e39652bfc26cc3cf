package no.varde.model;

/** A linear conversion to a canonical unit: {@code canonical = value * scale + offset}. */
public record UnitConversion(double scale, double offset) {
    public static final UnitConversion IDENTITY = new UnitConversion(1.0, 0.0);

    public double toCanonical(double value) {
        return value * scale + offset;
    }
}
