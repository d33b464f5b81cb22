package io.jloadgen.report;

import java.util.List;

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
 * @param drifts           the side(s) whose own blocks differ in this cell (baseline first); empty when none
 */
public record Comparison(String baseline, String variant, String direction, int guests, int streams,
                         double baselineMeanGbps, double variantMeanGbps, double diffPct, double pValue,
                         Verdict verdict, CellSummary baselineCell, CellSummary variantCell,
                         List<BlockDrift> drifts) {

    /**
     * The verdict in words, as in {@code comparison.csv}; prefixed with {@code "drift; "} when a side drifted
     * between its own blocks, so nobody reads the verdict without that.
     */
    public String verdictLabel() {
        String label = verdict.label(baseline, variant);
        return drift() ? "drift; " + label : label;
    }

    /** Whether either side differs significantly between its own blocks in this cell. */
    public boolean drift() {
        return !drifts.isEmpty();
    }

    /** Whether either side is {@link CellSummary#marked() marked}. */
    public boolean marked() {
        return (baselineCell != null && baselineCell.marked()) || (variantCell != null && variantCell.marked());
    }
}
