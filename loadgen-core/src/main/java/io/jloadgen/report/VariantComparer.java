package io.jloadgen.report;

import io.jloadgen.stats.WelchTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares every cell of every non-baseline variant with the baseline's same cell (Welch's two-sided
 * t-test at {@link #ALPHA}). Cells that exist on one side only are reported as {@link Verdict#MISSING}.
 */
public final class VariantComparer {

    /** Significance level of every verdict. */
    public static final double ALPHA = 0.05;

    private VariantComparer() {
    }

    /** Rows ordered by variant, direction, streams, guests; no drift known. */
    public static List<Comparison> compare(Map<CellKey, CellSummary> cells, String baseline) {
        return compare(cells, baseline, Map.of());
    }

    /**
     * Rows ordered by variant, direction, streams, guests.
     *
     * @param drift the cells of variants measured in several blocks ({@link DriftDetector#detect})
     */
    public static List<Comparison> compare(Map<CellKey, CellSummary> cells, String baseline,
                                           Map<CellKey, BlockDrift> drift) {
        TreeSet<String> variants = new TreeSet<>();
        TreeSet<CellKey> places = new TreeSet<>(); // cells with the variant blanked out
        for (CellKey k : cells.keySet()) {
            variants.add(k.variant());
            places.add(k.withVariant(""));
        }
        variants.remove(baseline);
        List<Comparison> rows = new ArrayList<>();
        for (String variant : variants) {
            for (CellKey place : places) {
                CellSummary b = cells.get(place.withVariant(baseline));
                CellSummary v = cells.get(place.withVariant(variant));
                if (b != null || v != null) {
                    rows.add(compare(baseline, variant, place, b, v, drifted(drift, place, baseline, variant)));
                }
            }
        }
        return List.copyOf(rows);
    }

    static Comparison compare(String baseline, String variant, CellKey place, CellSummary b, CellSummary v,
                              List<BlockDrift> drifts) {
        double bMean = b == null ? Double.NaN : b.throughputGbps().mean();
        double vMean = v == null ? Double.NaN : v.throughputGbps().mean();
        double diffPct = (vMean - bMean) / bMean * 100;
        if (Double.isInfinite(diffPct)) {
            diffPct = Double.NaN; // a zero baseline has no percentage
        }
        double p = Double.NaN;
        Verdict verdict;
        if (b == null || v == null) {
            verdict = Verdict.MISSING;
        } else if (b.n() < CellSummary.MIN_REPEATS || v.n() < CellSummary.MIN_REPEATS) {
            verdict = Verdict.TOO_FEW_REPEATS;
        } else {
            p = WelchTest.test(b.throughputSamples(), v.throughputSamples()).pValue();
            if (p >= ALPHA) {
                verdict = Verdict.NO_SIGNIFICANT_CHANGE;
            } else {
                verdict = vMean > bMean ? Verdict.VARIANT_BETTER : Verdict.BASELINE_BETTER;
            }
        }
        return new Comparison(baseline, variant, place.direction(), place.guests(), place.streams(),
                bMean, vMean, diffPct, p, verdict, b, v, drifts);
    }

    private static List<BlockDrift> drifted(Map<CellKey, BlockDrift> drift, CellKey place, String... variants) {
        List<BlockDrift> out = new ArrayList<>();
        for (String v : variants) {
            BlockDrift d = drift.get(place.withVariant(v));
            if (d != null && d.drift()) {
                out.add(d);
            }
        }
        return List.copyOf(out);
    }
}
