package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import io.jloadgen.stats.JainFairness;
import io.jloadgen.stats.SampleStatistics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Groups records into cells and computes each cell's {@link CellSummary}. */
public final class CellAggregator {

    private CellAggregator() {
    }

    /** Key of the cell a record belongs to. */
    public static CellKey keyOf(ResultRecord r) {
        return new CellKey(r.variant(), r.direction(), r.guests(), r.streams());
    }

    /** Whether a record may be averaged into its cell: it succeeded and carries no quality flag. */
    public static boolean usable(ResultRecord r) {
        return r.ok() && (r.flags() == null || r.flags().isEmpty());
    }

    /** Every cell present in {@code records}, in {@link CellKey} order. */
    public static SortedMap<CellKey, CellSummary> aggregate(List<ResultRecord> records) {
        Map<CellKey, List<ResultRecord>> byCell = new TreeMap<>();
        for (ResultRecord r : records) {
            byCell.computeIfAbsent(keyOf(r), k -> new ArrayList<>()).add(r);
        }
        SortedMap<CellKey, CellSummary> cells = new TreeMap<>();
        byCell.forEach((key, rs) -> cells.put(key, summarize(key, rs)));
        return Collections.unmodifiableSortedMap(cells);
    }

    static CellSummary summarize(CellKey key, List<ResultRecord> records) {
        List<ResultRecord> usable = new ArrayList<>();
        int failed = 0;
        int flagged = 0;
        TreeSet<String> flags = new TreeSet<>();
        for (ResultRecord r : records) {
            if (!r.ok()) {
                failed++;
            } else if (!usable(r)) {
                flagged++;
                flags.addAll(r.flags());
            } else {
                usable.add(r);
            }
        }
        double[] throughput = usable.stream().mapToDouble(ResultRecord::throughputGbps).toArray();
        double[] perGuest = usable.stream().mapToDouble(r -> r.throughputGbps() / r.guests()).toArray();
        double[] cpu = usable.stream().filter(r -> r.hostCpuPct() != null)
                .mapToDouble(ResultRecord::hostCpuPct).toArray();
        double[] fairness = usable.stream().mapToDouble(CellAggregator::fairnessOf)
                .filter(f -> !Double.isNaN(f)).toArray();
        return new CellSummary(key, SampleStatistics.of(throughput), SampleStatistics.of(perGuest),
                failed, flagged, Collections.unmodifiableSortedSet(flags),
                SampleStatistics.mean(cpu), SampleStatistics.mean(fairness),
                List.copyOf(usable), List.copyOf(records));
    }

    /** The record's own fairness, or Jain's index of its per-guest throughput when it has none. */
    static double fairnessOf(ResultRecord r) {
        if (r.fairness() != null) {
            return r.fairness();
        }
        if (r.guestGbps() != null && !r.guestGbps().isEmpty()) {
            return JainFairness.index(r.guestGbps());
        }
        return Double.NaN;
    }
}
