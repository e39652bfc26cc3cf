package no.varde.model.senml;

import java.util.List;
import no.varde.model.validation.Rejection;

/**
 * A decoded message: the resolved records, in chronological order, and the records that broke a
 * rule of the format (each rejection names its record index and the rule). The pack as a whole
 * was readable; a pack that is not throws {@link SenmlException} instead.
 */
public record SenmlPack(List<SenmlRecord> records, List<Rejection> rejections) {
    public SenmlPack {
        records = List.copyOf(records);
        rejections = List.copyOf(rejections);
    }

    public static SenmlPack of(List<SenmlRecord> records) {
        return new SenmlPack(records, List.of());
    }
}
