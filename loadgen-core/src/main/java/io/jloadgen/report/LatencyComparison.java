package io.jloadgen.report;

/**
 * One cell's p99 round trip of a variant against the baseline's: a row of {@code latency-comparison.csv}.
 *
 * @param baseline      baseline variant label
 * @param variant       compared variant label
 * @param direction     traffic direction
 * @param guests        number of guests
 * @param streams       streams per guest
 * @param baselineP99Us the baseline's p99 (guests and repeats merged), microseconds; NaN when it has none
 * @param variantP99Us  the variant's p99, likewise
 * @param diffPct       (variant - baseline) / baseline p99 in %; NaN when either is unknown
 * @param baselineSpreadUs the baseline cell's run-to-run spread ({@link LatencySummary#p99SpreadUs}); NaN when
 *                         unknown
 * @param variantSpreadUs  the variant cell's, likewise
 * @param verdict       the outcome
 */
public record LatencyComparison(String baseline, String variant, String direction, int guests, int streams,
                                double baselineP99Us, double variantP99Us, double diffPct,
                                double baselineSpreadUs, double variantSpreadUs, Verdict verdict) {

    /** Outcome of comparing two cells' p99 round trips. */
    public enum Verdict {
        /** The variant's p99 is above the baseline's by more than the run-to-run spread. */
        HIGHER,
        /** The variant's p99 is below the baseline's by more than the run-to-run spread. */
        LOWER,
        /** The difference is within the run-to-run spread. */
        WITHIN_SPREAD,
        /** A side has fewer than {@link CellSummary#MIN_REPEATS} repeats with histograms: no spread known. */
        TOO_FEW_REPEATS,
        /** One side has no latency for this cell. */
        MISSING;

        /** The words used in {@code latency-comparison.csv}. */
        public String label() {
            return switch (this) {
                case HIGHER -> "p99 higher";
                case LOWER -> "p99 lower";
                case WITHIN_SPREAD -> "within spread";
                case TOO_FEW_REPEATS -> "too few repeats";
                case MISSING -> "missing";
            };
        }
    }

    /**
     * The yardstick: the larger of the two cells' spreads, microseconds; NaN when either has fewer than
     * {@link CellSummary#MIN_REPEATS} repeats with histograms.
     */
    public double spreadUs() {
        return Math.max(baselineSpreadUs, variantSpreadUs);
    }

    /** The p99 difference, microseconds; NaN when either is unknown. */
    public double diffUs() {
        return variantP99Us - baselineP99Us;
    }
}
