package io.jloadgen.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The p99 verdicts in words, one sentence per direction, compared variant and stream count, guest counts with
 * the same outcome merged into runs, e.g. "Latency, for 1 stream, guest-to-host, patched vs base: p99 round trip
 * within the run-to-run spread for 1-2 guests; patched's p99 is higher from 3 guests (by 45-80%, more than a
 * run-to-run spread of at most 310 us)." The spread is defined in {@link LatencyComparer}.
 */
public final class LatencySentences {

    /** What "run-to-run spread" means, for the report pages. */
    public static final String SPREAD_DEFINITION = "Latency verdicts compare p99 round trips (each cell's guest"
            + " histograms merged over guests and repeats, never averaged). The run-to-run spread of a cell is the"
            + " range of its per-repeat p99s (each repeat's guests merged into one histogram); a variant's p99 counts"
            + " as higher or lower than the baseline's only when the difference exceeds the larger of the two"
            + " cells' spreads. Cells with fewer than " + CellSummary.MIN_REPEATS + " repeats get no verdict.";

    private LatencySentences() {
    }

    /** Sentences ordered by direction (host-to-guest first), variant, streams. */
    public static List<String> of(List<LatencyComparison> comparisons) {
        Map<CellKey, List<LatencyComparison>> groups = new TreeMap<>(Comparator.comparing(CellKey::direction,
                CellKey.DIRECTIONS).thenComparing(CellKey::variant).thenComparingInt(CellKey::streams));
        for (LatencyComparison c : comparisons) {
            groups.computeIfAbsent(new CellKey(c.variant(), c.direction(), 0, c.streams()), k -> new ArrayList<>())
                    .add(c);
        }
        List<String> sentences = new ArrayList<>();
        groups.forEach((group, rows) -> {
            rows.sort(Comparator.comparingInt(LatencyComparison::guests));
            List<Integer> allGuests = rows.stream().map(LatencyComparison::guests).toList();
            List<String> parts = new ArrayList<>();
            int start = 0;
            for (int i = 1; i <= rows.size(); i++) {
                if (i == rows.size() || rows.get(i).verdict() != rows.get(start).verdict()) {
                    parts.add(part(rows.subList(start, i), allGuests));
                    start = i;
                }
            }
            sentences.add("Latency, for " + group.streams() + (group.streams() == 1 ? " stream, " : " streams, ")
                    + group.direction() + ", " + group.variant() + " vs " + rows.get(0).baseline() + ": "
                    + String.join("; ", parts) + ".");
        });
        return List.copyOf(sentences);
    }

    private static String part(List<LatencyComparison> run, List<Integer> allGuests) {
        LatencyComparison c = run.get(0);
        String guests = VerdictSentences.range(run.stream().map(LatencyComparison::guests).toList(), allGuests);
        return switch (c.verdict()) {
            case WITHIN_SPREAD -> "p99 round trip within the run-to-run spread " + guests;
            case HIGHER, LOWER -> c.variant() + "'s p99 is " + (c.verdict() == LatencyComparison.Verdict.HIGHER
                    ? "higher " : "lower ") + guests + " (by " + percentRange(run)
                    + ", more than a run-to-run spread of at most " + maxSpreadUs(run) + " us)";
            case TOO_FEW_REPEATS -> "too few repeats to tell " + guests;
            case MISSING -> "latency of one variant only " + guests;
        };
    }

    private static String percentRange(List<LatencyComparison> run) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (LatencyComparison c : run) {
            min = Math.min(min, Math.abs(c.diffPct()));
            max = Math.max(max, Math.abs(c.diffPct()));
        }
        long lo = Math.round(min);
        long hi = Math.round(max);
        return lo == hi ? lo + "%" : lo + "-" + hi + "%";
    }

    private static String maxSpreadUs(List<LatencyComparison> run) {
        double max = run.stream().mapToDouble(LatencyComparison::spreadUs).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.0f", max);
    }
}
