package io.jloadgen.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares every cell's p99 round trip of every non-baseline variant with the baseline's. There is no
 * t-test for a percentile of a few repeats, so the yardstick is the run-to-run spread: each repeat's guests'
 * histograms are merged into one per repeat, the spread of a cell is the range (largest minus smallest) of its
 * per-repeat p99s, and a difference between the variants' merged p99s counts only when it exceeds the larger
 * of the two cells' spreads: more than the same cell already moves between its own repeats.
 */
public final class LatencyComparer {

    private LatencyComparer() {
    }

    /** Rows ordered by variant, direction, streams, guests; only cells where either side has latency. */
    public static List<LatencyComparison> compare(Map<CellKey, LatencySummary> latency, String baseline) {
        TreeSet<String> variants = new TreeSet<>();
        TreeSet<CellKey> places = new TreeSet<>();
        for (CellKey k : latency.keySet()) {
            variants.add(k.variant());
            places.add(k.withVariant(""));
        }
        variants.remove(baseline);
        List<LatencyComparison> rows = new ArrayList<>();
        for (String variant : variants) {
            for (CellKey place : places) {
                LatencySummary b = latency.get(place.withVariant(baseline));
                LatencySummary v = latency.get(place.withVariant(variant));
                if (b != null || v != null) {
                    rows.add(compare(baseline, variant, place, b, v));
                }
            }
        }
        return List.copyOf(rows);
    }

    static LatencyComparison compare(String baseline, String variant, CellKey place, LatencySummary b,
                                     LatencySummary v) {
        double bP99 = b == null ? Double.NaN : b.p99Us();
        double vP99 = v == null ? Double.NaN : v.p99Us();
        double diffPct = (vP99 - bP99) / bP99 * 100;
        if (!Double.isFinite(diffPct)) {
            diffPct = Double.NaN;
        }
        double bSpread = b == null ? Double.NaN : b.p99SpreadUs();
        double vSpread = v == null ? Double.NaN : v.p99SpreadUs();
        double spread = Math.max(bSpread, vSpread); // NaN when either is unknown
        LatencyComparison.Verdict verdict;
        if (b == null || v == null) {
            verdict = LatencyComparison.Verdict.MISSING;
        } else if (Double.isNaN(spread)) {
            verdict = LatencyComparison.Verdict.TOO_FEW_REPEATS;
        } else if (Math.abs(vP99 - bP99) <= spread) {
            verdict = LatencyComparison.Verdict.WITHIN_SPREAD;
        } else {
            verdict = vP99 > bP99 ? LatencyComparison.Verdict.HIGHER : LatencyComparison.Verdict.LOWER;
        }
        return new LatencyComparison(baseline, variant, place.direction(), place.guests(), place.streams(),
                bP99, vP99, diffPct, bSpread, vSpread, verdict);
    }
}
