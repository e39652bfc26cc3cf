package no.varde.streamjobs;

/**
 * What a Kafka source hands on for one record: the decoded value, or the record it could not
 * decode. {@link SetAsideUndecodable}, chained to the source, splits the two, so an undecodable
 * record is counted, logged and stored instead of skipped.
 */
public record Decoded<T>(T value, UndecodableRecord undecodable) {
    public static <T> Decoded<T> of(T value) {
        return new Decoded<>(value, null);
    }

    public static <T> Decoded<T> undecodable(UndecodableRecord record) {
        return new Decoded<>(null, record);
    }
}
