package no.varde.platform.nab;

import java.util.List;

/**
 * One NAB series: its key ({@code category/file.csv}), rows and labelled anomaly windows as
 * row spans. Timestamps are kept as text too, because NAB's windows name rows by timestamp.
 *
 * @param windows each window as {@code {firstRow, lastRow}}, in file order
 */
public record NabFile(String key, String category, long[] epochMillis, double[] values, List<int[]> windows) {

    public int rows() {
        return values.length;
    }
}
