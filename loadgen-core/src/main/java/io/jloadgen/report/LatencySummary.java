package io.jloadgen.report;

import java.util.List;

/**
 * Round-trip latency of one cell: the guests' HdrHistograms of every usable repeat merged into one, then
 * read. Percentiles are never averaged: averaging the p99 of two guests is not the p99 of both.
 *
 * @param key          the cell
 * @param n            usable repeats that carried histograms
 * @param count        round trips in the merged histogram
 * @param p50Us        median, microseconds
 * @param p90Us        90th percentile
 * @param p99Us        99th percentile
 * @param p99_9Us      99.9th percentile
 * @param maxUs        largest round trip
 * @param repeatP99Us  each repeat's own p99 (its guests' histograms merged), in input order
 */
public record LatencySummary(CellKey key, int n, long count, double p50Us, double p90Us, double p99Us,
                             double p99_9Us, double maxUs, List<Double> repeatP99Us) {

    public LatencySummary {
        repeatP99Us = List.copyOf(repeatP99Us);
    }

    /**
     * The run-to-run spread of the p99: largest minus smallest per-repeat p99, microseconds; NaN with fewer
     * than {@link CellSummary#MIN_REPEATS} repeats. The range rather than the sd: with 2-3 repeats it is the
     * plainer and the more cautious of the two.
     */
    public double p99SpreadUs() {
        if (repeatP99Us.size() < CellSummary.MIN_REPEATS) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : repeatP99Us) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max - min;
    }
}
