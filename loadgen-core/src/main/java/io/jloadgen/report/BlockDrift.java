package io.jloadgen.report;

import io.jloadgen.stats.SampleStatistics;

import java.util.Comparator;
import java.util.List;

/**
 * One cell of a variant measured in several blocks (A B B A campaigns measure each variant twice, at
 * different times): each block's throughput and every pair of blocks compared with Welch's test. When the
 * same variant differs significantly from itself, the environment moved between the blocks, and the cell's
 * comparison with other variants mixes that change with the variants' difference.
 *
 * @param key    the cell
 * @param blocks each block's usable repeats, in block order
 * @param pairs  every pair of blocks, earlier block first
 */
public record BlockDrift(CellKey key, List<Block> blocks, List<Pair> pairs) {

    /** Block number of records without one (old records, {@code --variant} runs). */
    public static final int NO_BLOCK = 0;

    /**
     * One block's repeats of the cell.
     *
     * @param block          1-based index into the spec's {@code blocks}, or {@link #NO_BLOCK}
     * @param throughputGbps aggregate throughput of its usable repeats
     */
    public record Block(int block, SampleStatistics throughputGbps) {
    }

    /** Outcome of comparing two blocks of one variant. */
    public enum Outcome {
        /** Welch's p-value below the (Bonferroni-corrected) alpha: the environment moved. */
        DRIFT,
        /** No significant difference. */
        NO_DRIFT,
        /** A block has fewer than {@link CellSummary#MIN_REPEATS} usable repeats: no test was run. */
        TOO_FEW_REPEATS
    }

    /**
     * Two blocks of the cell compared.
     *
     * @param earlier the block measured first
     * @param later   the block measured after it
     * @param diffPct (later - earlier) / earlier mean, in %; NaN when either is unknown
     * @param pValue  Welch's two-sided p-value; NaN when no test was run
     * @param alpha   the level this pair was tested at
     * @param outcome the verdict
     */
    public record Pair(Block earlier, Block later, double diffPct, double pValue, double alpha, Outcome outcome) {

        /** Whether the blocks differ significantly. */
        public boolean drift() {
            return outcome == Outcome.DRIFT;
        }
    }

    /** Whether any two blocks of this cell differ significantly. */
    public boolean drift() {
        return pairs.stream().anyMatch(Pair::drift);
    }

    /** Whether at least one pair was tested. */
    public boolean tested() {
        return pairs.stream().anyMatch(p -> p.outcome() != Outcome.TOO_FEW_REPEATS);
    }

    /** The drifting pair with the largest difference; null when nothing drifted. */
    public Pair largest() {
        return pairs.stream().filter(Pair::drift)
                .max(Comparator.comparingDouble(p -> Math.abs(p.diffPct()))).orElse(null);
    }

    /** "block 4 vs block 1: -10.0%", for the tables; "" when nothing drifted. */
    public String mark() {
        Pair p = largest();
        if (p == null) {
            return "";
        }
        return "drift: " + label(p.later().block()) + " vs " + label(p.earlier().block()) + " "
                + Fmt.signedPct(p.diffPct()) + "%";
    }

    /** "block 3", or "no block" for records without one. */
    public static String label(int block) {
        return block == NO_BLOCK ? "no block" : "block " + block;
    }
}
