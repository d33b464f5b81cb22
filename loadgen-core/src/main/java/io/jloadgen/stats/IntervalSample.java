package io.jloadgen.stats;

/**
 * Bytes moved per stream in one reporting interval, as seen by one side of a test.
 *
 * @param startS      interval start, seconds since the test started (omitted warm-up included)
 * @param endS        interval end, same clock
 * @param streamBytes bytes per stream, in stream order; owned by this sample, not to be modified
 * @param omitted     whether the interval lies in the omitted warm-up
 */
public record IntervalSample(double startS, double endS, long[] streamBytes, boolean omitted) {

    public double seconds() {
        return endS - startS;
    }

    public long sumBytes() {
        long sum = 0;
        for (long b : streamBytes) {
            sum += b;
        }
        return sum;
    }

    /** Throughput of all streams in 10^9 bit/s, over the interval's measured length. */
    public double sumGbps() {
        double s = seconds();
        return s <= 0 ? 0 : sumBytes() * 8.0 / s / 1e9;
    }
}
