package io.jloadgen.bench;

import io.jloadgen.stats.IntervalSample;
import io.jloadgen.stats.SingleWriterCounter;
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

import java.util.concurrent.TimeUnit;

/**
 * What the interval reporter pays to sample N stream counters once: {@code readDeltas} reads every
 * counter with an acquire load and keeps per-counter deltas in reused arrays (no allocation);
 * {@code buildSample} also builds the {@link IntervalSample} the reporter hands on (one {@code long[N]}
 * and one record per interval, off the data path). Once a second per test, either is negligible; this
 * shows by how much.
 *
 * <p>Run: {@code java -jar loadgen-bench/target/benchmarks.jar IntervalSamplingBenchmark -prof gc}
 * (quick check: add {@code -f 1 -wi 1 -i 1 -w 1s -r 1s}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class IntervalSamplingBenchmark {
    /** Counters read per sample: streams of one test, up to ClientConfig.MAX_STREAMS. */
    @Param({"1", "8", "32", "128"})
    int counters;

    private SingleWriterCounter[] streamCounters;
    private long[] previous;
    private long[] deltas;
    private double startS;

    @Setup
    public void setUp() {
        streamCounters = new SingleWriterCounter[counters];
        previous = new long[counters];
        deltas = new long[counters];
        for (int i = 0; i < counters; i++) {
            streamCounters[i] = new SingleWriterCounter();
            streamCounters[i].add(1L << 20 + (i % 8));
        }
    }

    @Benchmark
    public long readDeltas() {
        long sum = 0;
        for (int i = 0; i < counters; i++) {
            long now = streamCounters[i].getAcquire();
            long delta = now - previous[i];
            deltas[i] = delta;
            previous[i] = now;
            sum += delta;
        }
        return sum;
    }

    @Benchmark
    public IntervalSample buildSample() {
        long[] bytes = new long[counters];
        for (int i = 0; i < counters; i++) {
            long now = streamCounters[i].getAcquire();
            bytes[i] = now - previous[i];
            previous[i] = now;
        }
        double endS = startS + 1.0;
        IntervalSample sample = new IntervalSample(startS, endS, bytes, false);
        startS = endS;
        return sample;
    }
}
