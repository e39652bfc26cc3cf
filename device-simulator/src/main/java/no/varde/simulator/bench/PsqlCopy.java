package no.varde.simulator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code psql \copy table (columns) FROM file} against the database a JDBC URL names and
 * times it: the reference for how fast PostgreSQL takes in rows when nothing else is in the way.
 */
public final class PsqlCopy {
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?");

    private PsqlCopy() {
    }

    /**
     * Seconds the load took, psql's start-up included (milliseconds against the seconds a
     * reference load takes).
     *
     * @param format {@code csv} or {@code text} (PostgreSQL's COPY text format)
     */
    public static double seconds(String psql, String jdbcUrl, String user, String password, String table, String columns, Path file,
                                 String format) throws IOException, InterruptedException {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + jdbcUrl.replaceAll("\\?.*", ""));
        }
        String role = user != null ? user : parameter(m.group(4), "user");
        ProcessBuilder builder = new ProcessBuilder(psql, "-h", m.group(1), "-p", m.group(2) == null ? "5432" : m.group(2),
                "-d", m.group(3).isEmpty() ? "postgres" : m.group(3), "-v", "ON_ERROR_STOP=1", "-X", "-q",
                "-c", "\\copy " + table + " (" + columns + ") FROM '" + file + "'" + ("csv".equals(format) ? " CSV" : ""))
                .redirectErrorStream(true);
        if (role != null) {
            builder.command().addAll(3, java.util.List.of("-U", role));
        }
        String secret = password != null ? password : parameter(m.group(4), "password");
        if (secret != null) {
            builder.environment().put("PGPASSWORD", secret);
        }
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IOException("psql \\copy failed (exit " + exit + "): " + output.strip());
        }
        return seconds;
    }

    private static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
