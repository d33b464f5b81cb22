package io.jloadgen.bench;

import io.jloadgen.engine.TcpSender;
import io.jloadgen.session.ClientSession;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;
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

import java.util.concurrent.TimeUnit;

/**
 * The send path without the kernel: {@link TcpSender} in an {@link EmbeddedChannel} whose "socket" takes
 * one block per operation, with the production write watermarks ({@link ClientSession#SEND_WATERMARK}).
 * One operation is one block through the path, as in steady state on a real socket: the transport hands
 * the kernel the oldest queued block and removes it from Netty's outbound buffer; whenever the queue falls
 * under the low watermark the channel turns writable and the sender refills it (pooled duplicates of its
 * block, void promise) up to the high watermark and flushes. So the score is the per-write cost of sender
 * plus Netty bookkeeping, amortised, and {@code gc.alloc.rate.norm} under {@code -prof gc} is bytes
 * allocated per write: it must be 0.
 *
 * <p>The benchmark thread is a Netty {@code FastThreadLocalThread}, as an event loop is (see
 * {@link EventLoopThreadExecutor}); a {@code -jvmArgsAppend} on the command line replaces that setting, so
 * repeat its two options there.
 *
 * <p>Run: {@code java -jar loadgen-bench/target/benchmarks.jar SendPathBenchmark -prof gc}
 * (quick check: add {@code -f 1 -wi 1 -i 1 -w 1s -r 1s}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=io.jloadgen.bench.EventLoopThreadExecutor"})
@State(Scope.Thread)
public class SendPathBenchmark {
    @Param({"131072", "1048576"})
    int blockSize;

    private KernelChannel channel;
    private TcpSender sender;
    private SingleWriterCounter bytesSent;

    /**
     * An embedded channel whose write takes at most {@link #socketRoomBytes} from the outbound buffer, like
     * a socket whose send buffer has that much room; what it takes is released, as after a real write.
     */
    static final class KernelChannel extends EmbeddedChannel {
        long socketRoomBytes;
        long bytesTaken;

        @Override
        protected void doWrite(ChannelOutboundBuffer in) {
            Object message;
            while (socketRoomBytes > 0 && (message = in.current()) != null) {
                int bytes = ((ByteBuf) message).readableBytes();
                socketRoomBytes -= bytes;
                bytesTaken += bytes;
                in.remove(); // releases the duplicate; may turn the channel writable, and the sender refills
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        bytesSent = new SingleWriterCounter();
        sender = new TcpSender(blockSize, bytesSent, null, null, () -> { });
        channel = new KernelChannel();
        channel.config().setWriteBufferWaterMark(ClientSession.SEND_WATERMARK);
        channel.pipeline().addLast(sender);
        sender.start();
        channel.runPendingTasks(); // the first fill, up to the high watermark
        if (channel.isWritable() || bytesSent.plainGet() == 0) {
            throw new IllegalStateException("sender did not fill the channel to its high watermark");
        }
    }

    @Benchmark
    public long sendOneBlock() {
        channel.socketRoomBytes = blockSize;
        channel.unsafe().flush();
        return bytesSent.plainGet();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // Stop, let the "socket" take everything queued, and check that every block written was taken.
        sender.stop(false);
        channel.runPendingTasks();
        channel.socketRoomBytes = Long.MAX_VALUE;
        channel.unsafe().flush();
        if (bytesSent.plainGet() != channel.bytesTaken) {
            throw new IllegalStateException("sent " + bytesSent.plainGet() + " B but the socket took " + channel.bytesTaken);
        }
        channel.finishAndReleaseAll();
    }
}
