package no.varde.testsupport;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh, empty database of its own for one test class. */
public record TestDatabase(String jdbcUrl, String name) {
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        return ds;
    }
}
