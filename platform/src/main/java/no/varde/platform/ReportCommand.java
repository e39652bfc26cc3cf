package no.varde.platform;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import no.varde.console.Gains;
import no.varde.console.GainsPage;
import no.varde.platform.evaluate.SimulatedIncidents;
import no.varde.storage.Databases;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code varde report --month 2026-11}: the console's gains page for one month as files a leader
 * can take to a meeting: {@code report.html} (self-contained, prints cleanly), one PNG chart per
 * figure for slides, and {@code report.pdf} when Chromium is installed to print it.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the gains report of one month (alerts, detection, acknowledgement and resolution times, false alarms, "
                + "data completeness, resident warnings; per zone) as HTML, PNG charts and, where Chromium is installed, PDF."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--month", description = "The month, yyyy-MM (default: last month, Europe/Oslo).")
    String month;

    @Option(names = "--output", defaultValue = "varde-report", description = "Directory for report.html, the charts and report.pdf (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--lang", defaultValue = "nb", description = "nb (bokmål) or en (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--data-dir", defaultValue = "${env:VARDE_DATA_DIR:-varde-data}", description = "The data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", defaultValue = "${env:VARDE_DB_URL}", description = "Report on this database instead of the data directory's (env VARDE_DB_URL).")
    String dbUrl;

    @Option(names = "--chromium", defaultValue = "/usr/bin/chromium", description = "Chromium, to print the PDF (default: ${DEFAULT-VALUE}).")
    Path chromium;

    @Override
    public Integer call() throws Exception {
        YearMonth m = month == null ? YearMonth.now(java.time.ZoneId.of("Europe/Oslo")).minusMonths(1) : YearMonth.parse(month);
        if (!"nb".equals(lang) && !"en".equals(lang)) {
            System.err.println("--lang is nb or en, not " + lang);
            return 2;
        }
        Gains.Report report;
        if (dbUrl != null && !dbUrl.isBlank()) {
            report = new Gains(Databases.dataSource(dbUrl, System.getenv("VARDE_DB_USER"), System.getenv("VARDE_DB_PASSWORD"))).month(m, Instant.now());
        } else {
            try (DataDirectoryDatabase db = DataDirectoryDatabase.open(dataDir.toAbsolutePath())) {
                // The simulated town's incidents, when this data directory's platform ran one.
                Path truth = dataDir.resolve("ground-truth.jsonl");
                report = new Gains(db.dataSource(), Files.exists(truth) ? new SimulatedIncidents(truth) : null).month(m, Instant.now());
            }
        }
        Files.createDirectories(output);
        Path html = output.resolve("report.html");
        Files.writeString(html, GainsPage.document(lang, report), StandardCharsets.UTF_8);
        List<Path> written = new ArrayList<>(List.of(html));
        boolean en = "en".equals(lang);
        written.add(chart(report, output.resolve("alerts-per-zone.png"), en ? "Alerts per zone, " : "Varsler per sone, ", en ? "alerts" : "varsler",
                r -> r.alerts()));
        written.add(chart(report, output.resolve("acknowledgement-per-zone.png"), en ? "Median minutes to acknowledgement, " : "Median minutter til kvittering, ",
                "min", r -> r.acknowledgement()[0]));
        written.add(chart(report, output.resolve("completeness-per-zone.png"), en ? "Data completeness, " : "Datakompletthet, ", "%",
                r -> 100 * r.completeness()));
        Path pdf = output.resolve("report.pdf");
        if (Files.isExecutable(chromium) && printPdf(html, pdf)) {
            written.add(pdf);
        } else {
            System.out.println("No PDF: " + chromium + " is not installed or could not print; open report.html and print it from the browser.");
        }
        Gains.Row t = report.town();
        System.out.printf(java.util.Locale.ROOT, "%s: %d alerts, %d false alarms, %d resident warnings; wrote %s%n", m, t.alerts(), t.falseAlarms(),
                t.warnedAlerts(), written);
        return 0;
    }

    private static Path chart(Gains.Report report, Path png, String title, String unit, ToDoubleFunction<Gains.Row> value) throws Exception {
        List<String> zones = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Gains.Row r : report.zones()) {
            double v = value.applyAsDouble(r);
            zones.add(r.zone().isEmpty() ? "-" : r.zone());
            values.add(Double.isNaN(v) ? 0 : v);
        }
        if (zones.isEmpty()) {
            zones.add("-");
            values.add(0.0);
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title(title + report.month()).xAxisTitle("")
                .yAxisTitle(unit).build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(unit, zones, values);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    /** Headless Chromium prints the HTML as it would on paper (the stylesheet's print rules hide navigation). */
    private boolean printPdf(Path html, Path pdf) throws Exception {
        Path profile = Files.createTempDirectory("varde-report-chromium");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--no-pdf-header-footer", "--print-to-pdf=" + pdf.toAbsolutePath(), html.toAbsolutePath().toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        return done && p.exitValue() == 0 && Files.size(pdf) > 0;
    }
}
