package io.jloadgen.report;

/** Outcome of comparing one cell of a variant with the same cell of the baseline. */
public enum Verdict {
    /** Welch's p-value is at or above alpha. */
    NO_SIGNIFICANT_CHANGE,
    /** Significant, and the baseline has the higher mean throughput. */
    BASELINE_BETTER,
    /** Significant, and the variant has the higher mean throughput. */
    VARIANT_BETTER,
    /** One side has fewer than {@link CellSummary#MIN_REPEATS} usable repeats: no test was run. */
    TOO_FEW_REPEATS,
    /** One side has no record for this cell at all. */
    MISSING;

    /** The words used in {@code comparison.csv}, e.g. {@code "base better"}. */
    public String label(String baseline, String variant) {
        return switch (this) {
            case NO_SIGNIFICANT_CHANGE -> "no significant change";
            case BASELINE_BETTER -> baseline + " better";
            case VARIANT_BETTER -> variant + " better";
            case TOO_FEW_REPEATS -> "too few repeats";
            case MISSING -> "missing";
        };
    }

    /** Whether the test found a difference. */
    public boolean significant() {
        return this == BASELINE_BETTER || this == VARIANT_BETTER;
    }
}
