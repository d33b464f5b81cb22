package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import io.jloadgen.stats.SampleStatistics;
import io.jloadgen.stats.WelchTest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares each variant's blocks with each other, per cell, with Welch's test as between variants
 * ({@link VariantComparer#ALPHA}). With more than two blocks of one variant in a cell every pair is tested at
 * alpha divided by the number of tested pairs (Bonferroni), so a variant measured in many blocks is not
 * flagged more often by chance than one measured in two. Records without a {@code block} form one block.
 */
public final class DriftDetector {

    private DriftDetector() {
    }

    /** Block of a record; {@link BlockDrift#NO_BLOCK} when it has none. */
    public static int blockOf(ResultRecord r) {
        return r.block() == null ? BlockDrift.NO_BLOCK : r.block();
    }

    /** Blocks of each variant that has records in two or more, over all its records. */
    public static SortedMap<String, Set<Integer>> multiBlockVariants(Map<CellKey, CellSummary> cells) {
        SortedMap<String, Set<Integer>> blocks = new TreeMap<>();
        for (CellSummary c : cells.values()) {
            for (ResultRecord r : c.all()) {
                blocks.computeIfAbsent(r.variant(), v -> new TreeSet<>()).add(blockOf(r));
            }
        }
        blocks.values().removeIf(b -> b.size() < 2);
        return blocks;
    }

    /** The cells of every variant measured in two or more blocks, in {@link CellKey} order. */
    public static SortedMap<CellKey, BlockDrift> detect(Map<CellKey, CellSummary> cells) {
        Set<String> variants = multiBlockVariants(cells).keySet();
        SortedMap<CellKey, BlockDrift> out = new TreeMap<>();
        for (CellSummary cell : cells.values()) {
            if (variants.contains(cell.key().variant())) {
                out.put(cell.key(), compare(cell));
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    static BlockDrift compare(CellSummary cell) {
        SortedMap<Integer, List<Double>> byBlock = new TreeMap<>();
        for (ResultRecord r : cell.usable()) {
            byBlock.computeIfAbsent(blockOf(r), b -> new ArrayList<>()).add(r.throughputGbps());
        }
        List<BlockDrift.Block> blocks = new ArrayList<>();
        Map<Integer, double[]> samples = new TreeMap<>();
        byBlock.forEach((block, values) -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            samples.put(block, v);
            blocks.add(new BlockDrift.Block(block, SampleStatistics.of(v)));
        });
        int testable = 0;
        for (BlockDrift.Block b : blocks) {
            if (b.throughputGbps().n() >= CellSummary.MIN_REPEATS) {
                testable++;
            }
        }
        int tests = testable * (testable - 1) / 2;
        double alpha = tests > 1 ? VariantComparer.ALPHA / tests : VariantComparer.ALPHA;
        List<BlockDrift.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            for (int j = i + 1; j < blocks.size(); j++) {
                pairs.add(pair(blocks.get(i), blocks.get(j), samples, alpha));
            }
        }
        return new BlockDrift(cell.key(), List.copyOf(blocks), List.copyOf(pairs));
    }

    private static BlockDrift.Pair pair(BlockDrift.Block earlier, BlockDrift.Block later,
                                        Map<Integer, double[]> samples, double alpha) {
        double a = earlier.throughputGbps().mean();
        double diffPct = (later.throughputGbps().mean() - a) / a * 100;
        if (!Double.isFinite(diffPct)) {
            diffPct = Double.NaN;
        }
        if (earlier.throughputGbps().n() < CellSummary.MIN_REPEATS
                || later.throughputGbps().n() < CellSummary.MIN_REPEATS) {
            return new BlockDrift.Pair(earlier, later, diffPct, Double.NaN, alpha,
                    BlockDrift.Outcome.TOO_FEW_REPEATS);
        }
        double p = WelchTest.test(samples.get(earlier.block()), samples.get(later.block())).pValue();
        return new BlockDrift.Pair(earlier, later, diffPct, p, alpha,
                p < alpha ? BlockDrift.Outcome.DRIFT : BlockDrift.Outcome.NO_DRIFT);
    }
}
