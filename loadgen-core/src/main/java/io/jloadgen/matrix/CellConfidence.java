package io.jloadgen.matrix;

import org.apache.commons.statistics.distribution.TDistribution;

import java.util.List;

/**
 * The 95% confidence interval of a cell's mean throughput (Student t, n-1 degrees of freedom), used by
 * adaptive repeats ({@code max_repeats}/{@code target_ci_pct}) to decide whether a cell needs another repeat,
 * as netperf's {@code -I} does for a single test.
 */
public final class CellConfidence {
    private CellConfidence() {
    }

    /** Half-width of the 95% CI in % of the mean; infinite for fewer than two values or a zero mean. */
    public static double halfWidthPct(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = TDistribution.of(n - 1).inverseCumulativeProbability(0.975);
        return 100.0 * t * sd / Math.sqrt(n) / Math.abs(mean);
    }
}
