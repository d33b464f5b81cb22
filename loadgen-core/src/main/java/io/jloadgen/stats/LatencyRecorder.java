package io.jloadgen.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Round-trip times of one test in nanoseconds, 3 significant digits, twice: as measured (raw) and
 * corrected for coordinated omission at the sending period (HdrHistogram's expected-interval recording:
 * a reply later than the period stands for the requests that could not be sent meanwhile).
 *
 * <p>Each connection records through its own {@link Writer}: one writer per histogram, as for every
 * counter here, so recording is HdrHistogram's {@code SingleWriterRecorder} (no compare-and-swap; 6-7 ns
 * where a shared {@code Recorder} took 14). The corrected histogram is the raw one plus the imputed
 * values, which are recorded apart and only when a reply is late.
 *
 * <p>Threading: {@link Writer#record} on the writer's one thread (a connection's event loop; no allocation
 * unless a histogram must grow); {@link #newWriter} from any thread; {@link #interval}, {@link #reset} and
 * the totals by one reporting thread at a time. Interval histograms are recycled, as HdrHistogram
 * intends, so reporting allocates nothing per interval in steady state.
 */
public final class LatencyRecorder {
    /** Significant decimal digits kept. */
    public static final int DIGITS = 3;

    private final boolean correctAtPeriod;
    private final List<Writer> writers = new CopyOnWriteArrayList<>();
    private final Histogram intervalRaw = new Histogram(DIGITS);
    private final Histogram intervalCorrected = new Histogram(DIGITS);
    private final Histogram totalCorrected = new Histogram(DIGITS);
    private long totalRawCount;

    /** Corrects for coordinated omission at the period given with each value (bounceback). */
    public LatencyRecorder() {
        this(true);
    }

    private LatencyRecorder(boolean correctAtPeriod) {
        this.correctAtPeriod = correctAtPeriod;
    }

    /**
     * Records every round trip as measured, whatever the period: the "corrected" histogram equals the raw
     * one. For a probe of a network queue (the latency probe): a request that could not be sent while the
     * probe waited would have met the same standing queue, not the shorter waits the correction imputes
     * (through a 150 ms queue the corrected median was half of what ping measured at the same time).
     */
    public static LatencyRecorder asMeasured() {
        return new LatencyRecorder(false);
    }

    /** A new writer for one thread (one connection); what it records joins the next interval. */
    public Writer newWriter() {
        Writer w = new Writer();
        writers.add(w);
        return w;
    }

    /** One thread's way in. */
    public final class Writer {
        private final SingleWriterRecorder raw = new SingleWriterRecorder(DIGITS);
        /** The values coordinated-omission correction adds: the requests a late reply held back. */
        private final SingleWriterRecorder imputed = new SingleWriterRecorder(DIGITS);
        private Histogram rawTaken;
        private Histogram imputedTaken;

        private Writer() {
        }

        /**
         * Records one round trip; the writer's own thread only.
         *
         * @param rttNs              the round trip
         * @param expectedIntervalNs the sending period, 0 when requests go back to back (no correction)
         *                           or when made {@link #asMeasured}
         */
        public void record(long rttNs, long expectedIntervalNs) {
            long value = Math.max(0, rttNs);
            raw.recordValue(value);
            if (correctAtPeriod && expectedIntervalNs > 0 && value >= 2 * expectedIntervalNs) {
                // HdrHistogram imputes value - p, value - 2p, ... down to p; from value - p that is one call
                imputed.recordValueWithExpectedInterval(value - expectedIntervalNs, expectedIntervalNs);
            }
        }

        private void takeInto(Histogram rawSum, Histogram correctedSum) {
            rawTaken = raw.getIntervalHistogram(rawTaken);
            imputedTaken = imputed.getIntervalHistogram(imputedTaken);
            rawSum.add(rawTaken);
            correctedSum.add(rawTaken);
            correctedSum.add(imputedTaken);
        }
    }

    /**
     * Takes what every writer recorded since the previous call, adds it to the totals and summarises it.
     *
     * @param seconds the interval's length, for transactions per second
     */
    public synchronized LatencySummary interval(double seconds) {
        takeInterval();
        totalRawCount += intervalRaw.getTotalCount();
        totalCorrected.add(intervalCorrected);
        return LatencySummary.of(intervalRaw.getTotalCount(), intervalCorrected, seconds);
    }

    private void takeInterval() {
        intervalRaw.reset();
        intervalCorrected.reset();
        for (Writer w : writers) {
            w.takeInto(intervalRaw, intervalCorrected);
        }
    }

    /** Forgets everything recorded so far, intervals and totals (a warm-up ended). */
    public synchronized void reset() {
        takeInterval();
        totalRawCount = 0;
        totalCorrected.reset();
    }

    /** The whole run so far (as of the last {@link #interval} call), summarised. */
    public synchronized LatencySummary total(double seconds) {
        return LatencySummary.of(totalRawCount, totalCorrected, seconds);
    }

    /** A copy of the whole run's corrected histogram (as of the last {@link #interval} call). */
    public synchronized Histogram totalCorrectedHistogram() {
        return totalCorrected.copy();
    }
}
