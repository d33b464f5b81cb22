package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import io.jloadgen.stats.SampleStatistics;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * The statistics of one cell over its usable repeats: those with status {@code ok} and no quality flag.
 * Failed and flagged repeats are counted and kept for drill-down, never averaged in.
 *
 * @param key            the cell
 * @param throughputGbps aggregate throughput over the usable repeats, 10^9 bit/s
 * @param perGuestGbps   mean throughput per guest (aggregate / guests) over the usable repeats
 * @param nFailed        repeats with status {@code failed}
 * @param nFlagged       repeats with status {@code ok} but a quality flag, excluded from the statistics
 * @param flags          every distinct flag of the flagged repeats
 * @param hostCpuPct     mean host CPU busy of the usable repeats, % of one CPU; NaN if none carries it
 * @param fairness       mean Jain's index of the usable repeats; NaN if none
 * @param usable         the usable repeats, in input order
 * @param all            every record of the cell (usable, flagged and failed), in input order
 */
public record CellSummary(CellKey key, SampleStatistics throughputGbps, SampleStatistics perGuestGbps,
                          int nFailed, int nFlagged, SortedSet<String> flags, double hostCpuPct,
                          double fairness, List<ResultRecord> usable, List<ResultRecord> all) {

    /** Repeats with fewer than this many usable values get no sd, CI or test. */
    public static final int MIN_REPEATS = 2;

    /** Number of usable repeats. */
    public int n() {
        return throughputGbps.n();
    }

    /** Aggregate throughput of each usable repeat, 10^9 bit/s, in input order. */
    public double[] throughputSamples() {
        return usable.stream().mapToDouble(ResultRecord::throughputGbps).toArray();
    }

    /** Host CPU spent per Gbit/s moved, % of one CPU per Gbit/s; NaN when either is unknown or zero. */
    public double cpuPctPerGbps() {
        double gbps = throughputGbps.mean();
        return gbps > 0 ? hostCpuPct / gbps : Double.NaN;
    }

    /** Whether anything about this cell needs the reader's attention. */
    public boolean marked() {
        return n() < MIN_REPEATS || nFailed > 0 || nFlagged > 0;
    }

    /**
     * Short human-readable marks, e.g. {@code ["n<2", "1 failed", "1 excluded: stall:2"]}; empty when the cell
     * is clean.
     */
    public List<String> marks() {
        List<String> marks = new ArrayList<>();
        if (n() < MIN_REPEATS) {
            marks.add("n<" + MIN_REPEATS);
        }
        if (nFailed > 0) {
            marks.add(nFailed + " failed");
        }
        if (nFlagged > 0) {
            marks.add(nFlagged + " excluded: " + String.join(" ", flags));
        }
        return marks;
    }
}
