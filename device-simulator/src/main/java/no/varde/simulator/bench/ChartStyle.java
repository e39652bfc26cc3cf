package no.varde.simulator.bench;

import java.awt.BasicStroke;
import java.awt.Color;

/**
 * The look every Varde report chart shares: colours from the Okabe-Ito palette, which
 * colour-blind readers can tell apart, and line styles, so that colour is never the only clue.
 */
public final class ChartStyle {
    public static final Color BLUE = new Color(0, 114, 178);
    public static final Color ORANGE = new Color(230, 159, 0);
    public static final Color GREEN = new Color(0, 158, 115);
    public static final Color VERMILION = new Color(213, 94, 0);

    public static final BasicStroke SOLID = new BasicStroke(2f);
    public static final BasicStroke DASH = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
    public static final BasicStroke DOT = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f);

    private ChartStyle() {
    }
}
