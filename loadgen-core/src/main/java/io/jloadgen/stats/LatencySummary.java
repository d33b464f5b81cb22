package io.jloadgen.stats;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Round trips over an interval or a whole run. Times in microseconds, read from the histogram corrected
 * for coordinated omission (identical to the raw one when requests go back to back).
 *
 * @param count                 round trips actually measured
 * @param correctedCount        values in the corrected histogram (count plus the synthesised ones)
 * @param transactionsPerSecond {@code count} over the interval's length
 * @param minUs                 smallest round trip
 * @param meanUs                mean
 * @param stdevUs               standard deviation
 * @param p50Us                 median
 * @param p90Us                 90th percentile
 * @param p99Us                 99th percentile
 * @param p99_9Us               99.9th percentile
 * @param maxUs                 largest
 */
public record LatencySummary(long count, long correctedCount, double transactionsPerSecond, double minUs,
                             double meanUs, double stdevUs, double p50Us, double p90Us, double p99Us,
                             double p99_9Us, double maxUs) {

    /** Summarises {@code corrected}; all times are 0 when it is empty. */
    public static LatencySummary of(long rawCount, Histogram corrected, double seconds) {
        long n = corrected.getTotalCount();
        double tps = seconds > 0 ? rawCount / seconds : 0;
        if (n == 0) {
            return new LatencySummary(rawCount, 0, tps, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(rawCount, n, tps, us(corrected.getMinValue()), corrected.getMean() / 1e3,
                corrected.getStdDeviation() / 1e3, us(corrected.getValueAtPercentile(50)),
                us(corrected.getValueAtPercentile(90)), us(corrected.getValueAtPercentile(99)),
                us(corrected.getValueAtPercentile(99.9)), us(corrected.getMaxValue()));
    }

    private static double us(long ns) {
        return ns / 1e3;
    }

    /** HdrHistogram's compressed form, base64: what result records and {@code -J} output carry. */
    public static String compressedBase64(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
