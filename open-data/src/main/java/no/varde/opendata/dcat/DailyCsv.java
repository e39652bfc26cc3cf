package no.varde.opendata.dcat;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.LocalDate;

/** A day of a dataset as CSV: {@code datastream,thing,metric,time,value,unit}, one row per reading or zone mean. */
public final class DailyCsv {
    public static final String HEADER = "datastream,thing,metric,time,value,unit\n";

    private DailyCsv() {
    }

    /** @return rows written */
    public static long write(Connection c, PublicDatasets.Dataset dataset, LocalDate day, int k, OutputStream out) throws Exception {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(HEADER);
        long rows = DailyRows.read(c, dataset, day, k, (datastream, thing, metric, time, value, unit) ->
                w.write(field(datastream) + ',' + field(thing) + ',' + metric + ',' + time + ',' + value + ',' + field(unit) + '\n'));
        w.flush();
        return rows;
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (a zone may be named anything). */
    static String field(String s) {
        return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}
