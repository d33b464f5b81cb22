package io.jloadgen.bench;

import io.jloadgen.engine.EchoHook;
import io.jloadgen.engine.FixedSizeEcho;
import io.jloadgen.protocol.BouncebackHeader;
import io.jloadgen.util.WallClock;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOutboundBuffer;
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
 * The server's bounceback echo without the kernel: one request through {@link FixedSizeEcho} in an
 * {@link EmbeddedChannel} whose "socket" takes every write at once. One operation is what one read of a
 * request costs on the event loop: a receive buffer from the channel's allocator holding one request (as
 * the transport hands it over), {@code channelRead} and {@code channelReadComplete}; the echo copies it
 * into its own buffer, stamps it as iperf 2's server does (the hook below does what the session's
 * {@code BouncebackServer} does: stop flag, receive and send times) and writes a recycled duplicate,
 * which the "socket" takes and releases.
 *
 * <p>{@code gc.alloc.rate.norm} under {@code -prof gc} is bytes allocated per request, and must be 0 in
 * steady state with leak detection off; {@code simple} (Netty's default) tracks one buffer in 128.
 *
 * <p>The benchmark thread is a Netty {@code FastThreadLocalThread}, as an event loop is (see
 * {@link EventLoopThreadExecutor}): the duplicate is recycled only on such threads.
 *
 * <p>Run: {@code java -jar loadgen-bench/target/benchmarks.jar EchoPathBenchmark -prof gc}
 * (quick check: add {@code -f 1 -wi 1 -i 1 -w 1s -r 1s}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=io.jloadgen.bench.EventLoopThreadExecutor"})
@State(Scope.Thread)
public class EchoPathBenchmark {
    /** Request size: iperf 2's default, and a larger one. */
    @Param({"100", "1024"})
    int size;

    @Param({"disabled", "simple"})
    String leakDetection;

    private SocketChannel channel;
    private ChannelPipeline pipeline;
    private ByteBufAllocator alloc;
    private ByteBuf template;

    /** An embedded channel whose write takes everything queued and releases it, as after a real write. */
    static final class SocketChannel extends EmbeddedChannel {
        long bytesTaken;

        SocketChannel() {
            super(false, false); // not registered yet: the echo is added before the channel goes active
        }

        @Override
        protected void doWrite(ChannelOutboundBuffer in) {
            Object message;
            while ((message = in.current()) != null) {
                bytesTaken += ((ByteBuf) message).readableBytes();
                in.remove();
            }
        }
    }

    /** The session's bounceback hook, minus its log lines: stop flag, receive and send stamps. */
    static final class Stamps implements EchoHook {
        @Override
        public long onRequest(ByteBuf request) {
            if (BouncebackHeader.isStop(request, 0)) {
                return -1;
            }
            BouncebackHeader.stampServerReceive(request, 0, WallClock.micros());
            return 0;
        }

        @Override
        public void beforeEcho(ByteBuf request) {
            BouncebackHeader.stampServerSend(request, 0, WallClock.micros());
        }

        @Override
        public void onEnd(String why, long echoed) {
            if (why != null) {
                throw new IllegalStateException("echo ended: " + why);
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.valueOf(leakDetection.toUpperCase(Locale.ROOT)));
        alloc = new AdaptiveByteBufAllocator();
        template = alloc.heapBuffer(size, size);
        BouncebackHeader.fillRequest(template, size);
        BouncebackHeader.stampRequest(template, size, 1, true, 0, 0, WallClock.micros());
        channel = new SocketChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new FixedSizeEcho(size, false, TimeUnit.SECONDS.toNanos(10),
                TimeUnit.SECONDS.toNanos(60), new Stamps()));
        channel.register();
        pipeline = channel.pipeline();
    }

    @Benchmark
    public long echoOneRequest() {
        ByteBuf read = alloc.ioBuffer(size, size);
        read.writeBytes(template, 0, size);
        pipeline.fireChannelRead(read);
        pipeline.fireChannelReadComplete();
        return channel.bytesTaken;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (channel.bytesTaken == 0 || channel.bytesTaken % size != 0) {
            throw new IllegalStateException("the echo wrote " + channel.bytesTaken + " B, not whole " + size + "-byte replies");
        }
        channel.finishAndReleaseAll();
        template.release();
    }
}
