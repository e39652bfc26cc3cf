package no.varde.streamjobs.anomaly;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import no.varde.model.anomaly.Anomaly;
import no.varde.storage.AnomalyRows;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The JDBC sink's face of {@link AnomalyRows}: an older revision never overwrites a newer one. */
public final class AnomalySql implements JdbcStatementBuilder<Anomaly> {
    public static final String UPSERT = AnomalyRows.UPSERT;

    @Override
    public void accept(PreparedStatement s, Anomaly a) throws SQLException {
        AnomalyRows.bind(s, a);
    }
}
