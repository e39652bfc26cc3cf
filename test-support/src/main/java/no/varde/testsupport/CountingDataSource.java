package no.varde.testsupport;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real database, counting the connections taken from it (one per query for the repositories),
 * and able to refuse them for a while, as a database that is down would.
 */
public final class CountingDataSource implements DataSource {
    private final DataSource real;
    public final AtomicInteger connections = new AtomicInteger();
    private volatile boolean down;

    public CountingDataSource(DataSource real) {
        this.real = real;
    }

    /** While down, every connection attempt fails (and is not counted). */
    public void down(boolean down) {
        this.down = down;
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseWhenDown();
        connections.incrementAndGet();
        return real.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        refuseWhenDown();
        connections.incrementAndGet();
        return real.getConnection(user, password);
    }

    private void refuseWhenDown() throws SQLException {
        if (down) {
            throw new SQLException("connection refused (database down for the test)", "08001");
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return real.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return real.isWrapperFor(iface);
    }
}
