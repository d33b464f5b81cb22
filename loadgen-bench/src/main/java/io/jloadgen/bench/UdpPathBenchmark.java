package io.jloadgen.bench;

import io.jloadgen.protocol.UdpHeader;
import io.jloadgen.protocol.UdpReceiveStats;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The receiver's per-datagram work, without the kernel: header read, loss and order bookkeeping, jitter. The
 * claim to check is "no allocation per datagram": with {@code -prof gc}, {@code gc.alloc.rate.norm} must stay
 * near 0 B/op. (The sender's loop is checked by {@code UdpEngineAllocationTest} over real sockets: its
 * yielding loop never ends on an embedded channel, whose task runner drains tasks added while it runs.)
 *
 * <p>Run by hand: {@code mvn -B -q -pl loadgen-bench -am package -DskipTests &&
 * java -jar loadgen-bench/target/benchmarks.jar UdpPathBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UdpPathBenchmark {
    private static final int DATAGRAM = 1460;

    private ByteBuf datagram;
    private UdpReceiveStats stats;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        datagram = PooledByteBufAllocator.DEFAULT.directBuffer(DATAGRAM).writeZero(DATAGRAM);
        stats = new UdpReceiveStats(false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        datagram.release();
    }

    /** One received datagram (its header stamped first, as a sender would). */
    @Benchmark
    public long receive() {
        UdpHeader.encode(datagram, sequence * 10, ++sequence, false);
        stats.onDatagram(datagram, System.nanoTime() / 1000);
        return stats.highestSequence();
    }
}
