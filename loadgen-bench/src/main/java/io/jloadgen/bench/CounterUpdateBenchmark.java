package io.jloadgen.bench;

import io.jloadgen.stats.SingleWriterCounter;
import org.jctools.counters.Counter;
import org.jctools.counters.CountersFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What counting the bytes of one write or read costs on the data path: our single-writer release store
 * ({@link SingleWriterCounter#add}) against {@link AtomicLong}, {@link LongAdder} and a JCTools striped
 * counter, each as one call per block. The {@code *Sampled} groups add a reader thread that reads the same
 * counter without pause, the worst case of the interval reporter (which reads once a second), so the
 * cache-line traffic between writer and reader shows.
 *
 * <p>Run: {@code java -jar loadgen-bench/target/benchmarks.jar CounterUpdateBenchmark -prof gc}
 * (quick check: add {@code -f 1 -wi 1 -i 1 -w 1s -r 1s}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CounterUpdateBenchmark {
    /** Bytes counted per call: one default iperf3 block. */
    private static final long BLOCK_BYTES = 128 * 1024;

    /** One set of counters per thread: the uncontended data-path case. */
    @State(Scope.Thread)
    public static class Owned {
        final SingleWriterCounter singleWriter = new SingleWriterCounter();
        final AtomicLong atomic = new AtomicLong();
        final LongAdder adder = new LongAdder();
        final Counter striped = CountersFactory.createFixedSizeStripedCounter(Runtime.getRuntime().availableProcessors());
        long plain;
    }

    /** Counters shared by a writer and a reader thread of one group. */
    @State(Scope.Group)
    public static class Shared {
        final SingleWriterCounter singleWriter = new SingleWriterCounter();
        final AtomicLong atomic = new AtomicLong();
        final LongAdder adder = new LongAdder();
        final Counter striped = CountersFactory.createFixedSizeStripedCounter(Runtime.getRuntime().availableProcessors());
    }

    /** Baseline: a plain field add, the floor no counter can beat. */
    @Benchmark
    public long plainField(Owned s) {
        s.plain += BLOCK_BYTES;
        return s.plain;
    }

    @Benchmark
    public void singleWriterRelease(Owned s) {
        s.singleWriter.add(BLOCK_BYTES);
    }

    @Benchmark
    public long atomicLongAddAndGet(Owned s) {
        return s.atomic.addAndGet(BLOCK_BYTES);
    }

    @Benchmark
    public void longAdder(Owned s) {
        s.adder.add(BLOCK_BYTES);
    }

    @Benchmark
    public void jctoolsStriped(Owned s) {
        s.striped.inc(BLOCK_BYTES);
    }

    @Benchmark
    @Group("singleWriterSampled")
    @GroupThreads(1)
    public void singleWriterSampledWrite(Shared s) {
        s.singleWriter.add(BLOCK_BYTES);
    }

    @Benchmark
    @Group("singleWriterSampled")
    @GroupThreads(1)
    public long singleWriterSampledRead(Shared s) {
        return s.singleWriter.getAcquire();
    }

    @Benchmark
    @Group("atomicLongSampled")
    @GroupThreads(1)
    public long atomicLongSampledWrite(Shared s) {
        return s.atomic.addAndGet(BLOCK_BYTES);
    }

    @Benchmark
    @Group("atomicLongSampled")
    @GroupThreads(1)
    public long atomicLongSampledRead(Shared s) {
        return s.atomic.get();
    }

    @Benchmark
    @Group("longAdderSampled")
    @GroupThreads(1)
    public void longAdderSampledWrite(Shared s) {
        s.adder.add(BLOCK_BYTES);
    }

    @Benchmark
    @Group("longAdderSampled")
    @GroupThreads(1)
    public long longAdderSampledRead(Shared s) {
        return s.adder.sum();
    }

    @Benchmark
    @Group("jctoolsStripedSampled")
    @GroupThreads(1)
    public void jctoolsStripedSampledWrite(Shared s) {
        s.striped.inc(BLOCK_BYTES);
    }

    @Benchmark
    @Group("jctoolsStripedSampled")
    @GroupThreads(1)
    public long jctoolsStripedSampledRead(Shared s) {
        return s.striped.get();
    }
}
