package io.jloadgen.report;

/**
 * Round-trip latency of one cell: the guests' HdrHistograms of every usable repeat merged into one, then
 * read. Percentiles are never averaged: averaging the p99 of two guests is not the p99 of both.
 *
 * @param key     the cell
 * @param n       usable repeats that carried histograms
 * @param count   round trips in the merged histogram
 * @param p50Us   median, microseconds
 * @param p90Us   90th percentile
 * @param p99Us   99th percentile
 * @param p99_9Us 99.9th percentile
 * @param maxUs   largest round trip
 */
public record LatencySummary(CellKey key, int n, long count, double p50Us, double p90Us, double p99Us,
                             double p99_9Us, double maxUs) {
}
