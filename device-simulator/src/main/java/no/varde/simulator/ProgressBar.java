package no.varde.simulator;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long runs: redrawn in place on a terminal, printed as a plain
 * status line every call otherwise (logs and CI keep a readable history).
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;

    public ProgressBar(PrintStream out) {
        this(out, System.console() != null);
    }

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Draws {@code fraction} (0..1, or negative when the end is unknown) with a status text. */
    public void update(double fraction, String status) {
        String line = render(fraction, status);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    public void done() {
        if (terminal) {
            out.println();
        }
    }

    static String render(double fraction, String status) {
        if (fraction < 0) {
            return status;
        }
        double f = Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round(f * WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%% %s", "#".repeat(filled), "-".repeat(WIDTH - filled), Math.round(f * 100), status);
    }
}
