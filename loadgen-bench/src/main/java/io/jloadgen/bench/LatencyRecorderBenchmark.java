package io.jloadgen.bench;

import io.jloadgen.stats.LatencyRecorder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What recording one round trip costs the client's event loop: {@link LatencyRecorder.Writer#record} (a
 * connection's own HdrHistogram {@code SingleWriterRecorder}, 3 significant digits, and a second one for the
 * values a late reply imputes), and for scale one value into
 * a bare {@code Recorder} (multi-writer: its phaser and a {@code ConcurrentHistogram}, several atomic
 * read-modify-writes), a {@code SingleWriterRecorder} (the phaser's two only) and a plain {@code Histogram}
 * (no atomics, no interval snapshots). Values cycle through 4096 round trips drawn from a log-normal
 * spread around 50 us (loopback-like, 10 us to a few ms), so the histogram's buckets vary as in a real run.
 * With {@code periodMs} 10 the corrected recorder takes HdrHistogram's expected-interval path, as a probe's
 * does; every value is below the period, so no extra values are filled in (that happens only for replies
 * later than the period).
 *
 * <p>{@code gc.alloc.rate.norm} under {@code -prof gc} must be 0: histograms grow only for values beyond
 * their range, and the first round of values sets that.
 *
 * <p>Run: {@code java -jar loadgen-bench/target/benchmarks.jar LatencyRecorderBenchmark -prof gc}
 * (quick check: add {@code -f 1 -wi 1 -i 1 -w 1s -r 1s}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class LatencyRecorderBenchmark {
    private static final int VALUES = 4096;

    /** The sending period: 0 is back to back (no correction), 10 a probe's default. */
    @Param({"0", "10"})
    int periodMs;

    private final long[] rttNs = new long[VALUES];
    private LatencyRecorder.Writer recorder;
    private Recorder bare;
    private SingleWriterRecorder singleWriter;
    private Histogram plain;
    private long periodNs;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < VALUES; i++) {
            double logNormal = Math.exp(Math.log(50_000) + 0.8 * gaussian(random));
            rttNs[i] = Math.min(5_000_000, Math.max(10_000, (long) logNormal));
        }
        recorder = new LatencyRecorder().newWriter();
        bare = new Recorder(LatencyRecorder.DIGITS);
        singleWriter = new SingleWriterRecorder(LatencyRecorder.DIGITS);
        plain = new Histogram(LatencyRecorder.DIGITS);
        periodNs = TimeUnit.MILLISECONDS.toNanos(periodMs);
        for (long v : rttNs) { // grow the histograms to their working range before measuring
            recorder.record(v, periodNs);
            bare.recordValue(v);
            singleWriter.recordValue(v);
            plain.recordValue(v);
        }
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private long nextValue() {
        long v = rttNs[next];
        next = (next + 1) & (VALUES - 1);
        return v;
    }

    /** One round trip as the client records it. */
    @Benchmark
    public void record() {
        recorder.record(nextValue(), periodNs);
    }

    /** One value into one bare HdrHistogram {@code Recorder}: half of what {@link #record} does. */
    @Benchmark
    public void recorderRecordValue() {
        bare.recordValue(nextValue());
    }

    /** One value into a {@code SingleWriterRecorder}: only one thread may record. */
    @Benchmark
    public void singleWriterRecorderRecordValue() {
        singleWriter.recordValue(nextValue());
    }

    /** One value into a plain {@code Histogram}: the floor. */
    @Benchmark
    public void histogramRecordValue() {
        plain.recordValue(nextValue());
    }
}
