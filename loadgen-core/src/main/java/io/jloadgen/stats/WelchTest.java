package io.jloadgen.stats;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * Welch's two-sided t-test for a difference in means of two independent samples with possibly unequal
 * variances (Welch-Satterthwaite degrees of freedom), as used to compare one report cell of two variants.
 * The distribution work is done by Apache Commons Statistics; this class fixes the options and handles the
 * degenerate case the library leaves undefined (both samples without spread).
 */
public final class WelchTest {

    private static final TTest TWO_SIDED_WELCH = TTest.withDefaults()
            .with(AlternativeHypothesis.TWO_SIDED)
            .with(DataDispersion.HETEROSCEDASTIC);

    private WelchTest() {
    }

    /**
     * Outcome of one test.
     *
     * @param t       t statistic of {@code a} minus {@code b}; infinite when neither sample has spread
     * @param df      Welch-Satterthwaite degrees of freedom; NaN when neither sample has spread
     * @param pValue  two-sided p-value
     */
    public record Result(double t, double df, double pValue) {

        /** Whether the difference is significant at level {@code alpha}. */
        public boolean significant(double alpha) {
            return pValue < alpha;
        }
    }

    /**
     * Tests whether the means of {@code a} and {@code b} differ.
     *
     * @throws IllegalArgumentException if either sample has fewer than 2 values
     */
    public static Result test(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException(
                    "Welch's t-test needs at least 2 values per sample, got " + a.length + " and " + b.length);
        }
        SampleStatistics sa = SampleStatistics.of(a);
        SampleStatistics sb = SampleStatistics.of(b);
        if (sa.sd() == 0 && sb.sd() == 0) {
            // the standard error is zero: identical constant samples do not differ at all, different
            // constant samples differ with certainty (the library would return NaN for both)
            boolean same = sa.mean() == sb.mean();
            double t = same ? 0 : Math.copySign(Double.POSITIVE_INFINITY, sa.mean() - sb.mean());
            return new Result(t, Double.NaN, same ? 1.0 : 0.0);
        }
        TTest.Result r = TWO_SIDED_WELCH.test(a, b);
        return new Result(r.getStatistic(), r.getDegreesOfFreedom(), r.getPValue());
    }
}
