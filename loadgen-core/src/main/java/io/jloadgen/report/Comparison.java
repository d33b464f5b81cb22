package io.jloadgen.report;

/**
 * One cell of a variant against the same cell of the baseline: a row of {@code comparison.csv}.
 *
 * @param baseline         baseline variant label
 * @param variant          compared variant label
 * @param direction        traffic direction
 * @param guests           number of guests
 * @param streams          streams per guest
 * @param baselineMeanGbps baseline mean throughput; NaN when the baseline has no usable repeat
 * @param variantMeanGbps  variant mean throughput; NaN when the variant has no usable repeat
 * @param diffPct          (variant - baseline) / baseline in %; NaN when either mean is unknown
 * @param pValue           Welch's two-sided p-value; NaN when no test was run
 * @param verdict          the outcome at the report's alpha
 * @param baselineCell     the baseline's cell, null when missing
 * @param variantCell      the variant's cell, null when missing
 */
public record Comparison(String baseline, String variant, String direction, int guests, int streams,
                         double baselineMeanGbps, double variantMeanGbps, double diffPct, double pValue,
                         Verdict verdict, CellSummary baselineCell, CellSummary variantCell) {

    /** The verdict in words, as in {@code comparison.csv}. */
    public String verdictLabel() {
        return verdict.label(baseline, variant);
    }

    /** Whether either side is {@link CellSummary#marked() marked}. */
    public boolean marked() {
        return (baselineCell != null && baselineCell.marked()) || (variantCell != null && variantCell.marked());
    }
}
