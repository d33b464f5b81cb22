package io.jloadgen.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Block-to-block drift in words. One sentence per variant, direction and stream count whose blocks differ,
 * e.g. "Drift: for 1 stream, guest-to-host, base's block 4 is 9-11% lower than its block 1 for all guest counts
 * (1-4): ...". These come before any claim about the variants, and {@link VerdictSentences} repeats the
 * movement at the start of every comparison sentence that involves a drifting cell.
 */
public final class DriftSentences {

    private DriftSentences() {
    }

    /**
     * The drift sentences, ordered by direction, variant, streams; one "No drift" sentence when blocks were
     * compared and none differ, one "Drift not tested" when no pair of blocks had enough repeats; empty when no
     * variant has two or more blocks.
     */
    public static List<String> of(Map<CellKey, BlockDrift> drift) {
        if (drift.isEmpty()) {
            return List.of();
        }
        Map<CellKey, List<BlockDrift>> groups = new TreeMap<>(Comparator.comparing(CellKey::direction,
                CellKey.DIRECTIONS).thenComparing(CellKey::variant).thenComparingInt(CellKey::streams));
        int tested = 0;
        int untested = 0;
        for (BlockDrift d : drift.values()) {
            groups.computeIfAbsent(d.key().withGuests(0), k -> new ArrayList<>()).add(d);
            if (d.tested()) {
                tested++;
            } else {
                untested++;
            }
        }
        List<String> sentences = new ArrayList<>();
        groups.forEach((group, cells) -> {
            String movement = movement(cells);
            if (!movement.isEmpty()) {
                sentences.add("Drift: for " + plural(group.streams(), "stream") + ", " + group.direction() + ", "
                        + movement + ": the environment moved between these blocks (Welch's test between a"
                        + " variant's own blocks, alpha " + VariantComparer.ALPHA + "), so comparisons of these"
                        + " cells with other variants mix that change with the variants' difference.");
            }
        });
        if (tested == 0) {
            sentences.add("Drift not tested: no cell has " + CellSummary.MIN_REPEATS + " or more usable repeats in"
                    + " two blocks of one variant (block_repeats of at least " + CellSummary.MIN_REPEATS
                    + " makes it testable); the per-block figures still show the blocks side by side.");
        } else if (sentences.isEmpty()) {
            sentences.add("No drift: each variant's blocks agree in all " + tested + " cells compared (Welch's test"
                    + " between a variant's own blocks, alpha " + VariantComparer.ALPHA + ")"
                    + (untested > 0 ? "; " + untested + " cells had fewer than " + CellSummary.MIN_REPEATS
                    + " usable repeats in a block and were not compared" : "") + ".");
        }
        return List.copyOf(sentences);
    }

    /**
     * How one variant's blocks moved over the cells of one direction and stream count (sorted by guests), e.g.
     * "base's block 4 is 9-11% lower than its block 1 for 1-4 guests"; "" when none drifted.
     */
    static String movement(List<BlockDrift> cells) {
        return movement(cells, cells.stream().map(d -> d.key().guests()).sorted().toList());
    }

    /** As {@link #movement(List)}, with guest ranges named relative to {@code allGuests} (sorted). */
    static String movement(List<BlockDrift> cells, List<Integer> allGuests) {
        List<BlockDrift> sorted = new ArrayList<>(cells);
        sorted.sort(Comparator.comparingInt(d -> d.key().guests()));
        // runs of guest counts with the same pair of blocks moving the same way
        Map<String, List<BlockDrift.Pair>> runs = new LinkedHashMap<>();
        Map<String, List<Integer>> runGuests = new LinkedHashMap<>();
        for (BlockDrift d : sorted) {
            BlockDrift.Pair p = d.largest();
            if (p == null) {
                continue;
            }
            String key = p.earlier().block() + "|" + p.later().block() + "|" + (p.diffPct() < 0 ? "-" : "+");
            runs.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            runGuests.computeIfAbsent(key, k -> new ArrayList<>()).add(d.key().guests());
        }
        if (runs.isEmpty()) {
            return "";
        }
        String variant = sorted.get(0).key().variant();
        List<String> parts = new ArrayList<>();
        runs.forEach((key, pairs) -> {
            BlockDrift.Pair first = pairs.get(0);
            parts.add(BlockDrift.label(first.later().block()) + " is " + percentRange(pairs)
                    + (first.diffPct() < 0 ? " lower" : " higher") + " than its " + BlockDrift.label(first.earlier().block())
                    + " " + VerdictSentences.range(runGuests.get(key), allGuests));
        });
        return variant + "'s " + String.join("; ", parts);
    }

    private static String percentRange(List<BlockDrift.Pair> pairs) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (BlockDrift.Pair p : pairs) {
            min = Math.min(min, Math.abs(p.diffPct()));
            max = Math.max(max, Math.abs(p.diffPct()));
        }
        long lo = Math.round(min);
        long hi = Math.round(max);
        return lo == hi ? lo + "%" : lo + "-" + hi + "%";
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
