package io.jloadgen.stats;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Mean, sample standard deviation (n-1) and two-sided 95% Student-t confidence interval of a small sample,
 * such as the repeats of one report cell. Values that cannot be computed from the sample (the sd and CI of
 * a single value, anything of an empty sample) are {@code NaN}, never zero, so a reader cannot mistake
 * "unknown" for "no spread".
 *
 * @param n         number of values
 * @param mean      arithmetic mean; NaN when n = 0
 * @param sd        sample standard deviation with n-1 in the denominator; NaN when n &lt; 2
 * @param ci95Low   lower end of the 95% confidence interval of the mean; NaN when n &lt; 2
 * @param ci95High  upper end of the 95% confidence interval of the mean; NaN when n &lt; 2
 */
public record SampleStatistics(int n, double mean, double sd, double ci95Low, double ci95High) {

    /** Confidence level of {@link #ci95Low}/{@link #ci95High}. */
    public static final double CONFIDENCE = 0.95;

    /** Statistics of {@code values}; the array is not modified. */
    public static SampleStatistics of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new SampleStatistics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = mean(values);
        if (n == 1) {
            return new SampleStatistics(1, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        // two-pass variance: the values of one cell are close together, so the naive sum of squares
        // would lose digits to cancellation
        double sumSq = 0;
        for (double v : values) {
            double d = v - mean;
            sumSq += d * d;
        }
        double sd = Math.sqrt(sumSq / (n - 1));
        double tCritical = TDistribution.of(n - 1).inverseSurvivalProbability((1 - CONFIDENCE) / 2);
        double halfWidth = tCritical * sd / Math.sqrt(n);
        return new SampleStatistics(n, mean, sd, mean - halfWidth, mean + halfWidth);
    }

    /** Arithmetic mean; NaN for an empty array. */
    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Half the width of the confidence interval; NaN when n &lt; 2. */
    public double ci95HalfWidth() {
        return (ci95High - ci95Low) / 2;
    }
}
