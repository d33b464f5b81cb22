package io.jloadgen.bench;

import io.jloadgen.engine.TcpSink;
import io.jloadgen.session.ClientSession;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The receive path without the kernel: what one read costs in Netty and {@link TcpSink} once the bytes are
 * in a buffer. One operation is one read as a transport performs it: take a receive buffer of the read size
 * from the channel's allocator (production reads {@link ClientSession#READ_BYTES} at a time), fill its
 * writer index, fire {@code channelRead} and {@code channelReadComplete} through the pipeline; the sink
 * counts and releases it. No byte copying is simulated: that is the kernel's share, measured by the loopback
 * benchmark.
 *
 * <p>{@code gc.alloc.rate.norm} under {@code -prof gc} is bytes allocated per read, and must be 0 in steady
 * state for both allocators with leak detection off: {@code adaptive} is Netty 4.2's default channel
 * allocator (what the sink uses), {@code pooled} the classic one, whose thread cache does not keep buffers
 * over 32 KiB, so its larger reads go to the shared arena every time.
 *
 * <p>The benchmark thread is a Netty {@code FastThreadLocalThread}, as an event loop is (see
 * {@link EventLoopThreadExecutor}); a {@code -jvmArgsAppend} on the command line replaces that setting, so
 * repeat its two options there.
 *
 * <p>Run: {@code java -jar loadgen-bench/target/benchmarks.jar ReceivePathBenchmark -prof gc}
 * (quick check: add {@code -f 1 -wi 1 -i 1 -w 1s -r 1s}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=io.jloadgen.bench.EventLoopThreadExecutor"})
@State(Scope.Thread)
public class ReceivePathBenchmark {
    @Param({"adaptive", "pooled"})
    String allocator;

    @Param({"65536", "262144"})
    int readSize;

    /**
     * Netty's leak detector: {@code simple} is its default, which tracks one buffer in 128 and allocates a
     * tracker and a wrapper for it (about 12 B per read on average); {@code disabled} shows the path itself.
     */
    @Param({"simple", "disabled"})
    String leakDetection;

    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private ByteBufAllocator alloc;
    private SingleWriterCounter bytesReceived;

    @Setup(Level.Trial)
    public void setUp() {
        alloc = switch (allocator) {
            case "adaptive" -> new AdaptiveByteBufAllocator();
            case "pooled" -> PooledByteBufAllocator.DEFAULT;
            default -> throw new IllegalArgumentException("allocator: adaptive or pooled, not " + allocator);
        };
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.valueOf(leakDetection.toUpperCase(Locale.ROOT)));
        bytesReceived = new SingleWriterCounter();
        channel = new EmbeddedChannel(new TcpSink(bytesReceived));
        pipeline = channel.pipeline();
    }

    @Benchmark
    public long read() {
        ByteBuf buf = alloc.ioBuffer(readSize, readSize);
        buf.writerIndex(readSize);
        pipeline.fireChannelRead(buf);
        pipeline.fireChannelReadComplete();
        return bytesReceived.plainGet();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }
}
