package io.jloadgen.stats;

import java.util.List;

/**
 * Jain's fairness index (sum x)^2 / (n * sum x^2) over per-guest throughput: 1 when every guest gets the
 * same, 1/n when one guest gets everything.
 */
public final class JainFairness {

    private JainFairness() {
    }

    /** The index of {@code values}; NaN when there are none or all are zero (fairness is then undefined). */
    public static double index(double[] values) {
        double sum = 0;
        double sumSq = 0;
        for (double v : values) {
            sum += v;
            sumSq += v * v;
        }
        if (values.length == 0 || sumSq == 0) {
            return Double.NaN;
        }
        return sum * sum / (values.length * sumSq);
    }

    /** The index of {@code values}; see {@link #index(double[])}. */
    public static double index(List<Double> values) {
        return index(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
