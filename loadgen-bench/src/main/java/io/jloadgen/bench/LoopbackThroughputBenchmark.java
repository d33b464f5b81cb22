package io.jloadgen.bench;

import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.engine.TcpSender;
import io.jloadgen.engine.TcpSink;
import io.jloadgen.session.ClientSession;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Real sockets on 127.0.0.1, in one JVM: {@code streams} connections, each a {@link TcpSender} on a sender
 * event-loop group feeding a {@link TcpSink} on a sink group, with the production channel settings (write
 * watermarks, fixed {@link ClientSession#READ_BYTES} reads, kernel-autotuned socket buffers), per Netty
 * transport and block size. Transports this machine cannot load fail their trial with the reason, and JMH
 * goes on with the next.
 *
 * <p>The senders run on their own threads for the whole trial; the benchmark thread only samples the sinks'
 * byte counters every millisecond (sleeping in between, so it takes no core from the transfer). Read the
 * secondary results: {@code gbits} is receiver throughput in Gbit/s (10^9 bit/s), {@code bytes} the same in
 * bytes/s; the primary score (samples per second) means nothing. Under {@code -prof gc},
 * {@code gc.alloc.rate} (MB/s for the whole JVM, data path included) should stay near 0.
 *
 * <p>Run: {@code java -jar loadgen-bench/target/benchmarks.jar LoopbackThroughputBenchmark -prof gc}
 * (one cell: {@code -p transport=epoll -p blockSize=131072 -p streams=1}; quick check: add
 * {@code -f 1 -wi 1 -i 1 -w 1s -r 2s}). Figures are only meaningful on an otherwise idle machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 4)
@Fork(1)
@State(Scope.Benchmark)
public class LoopbackThroughputBenchmark {
    private static final long SAMPLE_PERIOD_MS = 1;

    @Param({"epoll", "io_uring", "nio"})
    String transport;

    @Param({"131072", "1048576"})
    int blockSize;

    @Param({"1", "4"})
    int streams;

    /** Event loops per side; 0 for the client's default, one per core but no more than streams. */
    @Param({"0"})
    int loopsPerSide;

    private EventLoopGroup senderGroup;
    private EventLoopGroup sinkGroup;
    private final List<Channel> senderChannels = new ArrayList<>();
    private final List<TcpSender> senders = new ArrayList<>();
    private final List<SingleWriterCounter> received = new CopyOnWriteArrayList<>();
    private long lastReceived;

    /** Bytes received and Gbit/s, as rates over each iteration; reset each iteration. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Moved {
        public long bytes;
        public double gbits;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            gbits = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        NettyTransport netty = NettyTransport.resolve(Transport.parse(transport));
        int cores = Runtime.getRuntime().availableProcessors();
        int loops = loopsPerSide > 0 ? loopsPerSide : Math.max(1, Math.min(cores, streams));
        senderGroup = netty.newGroup(loops, "bench-send");
        sinkGroup = netty.newGroup(loops, "bench-sink");

        Channel listener = new ServerBootstrap().group(sinkGroup).channel(netty.serverSocketChannel())
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(ClientSession.READ_BYTES))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SingleWriterCounter counter = new SingleWriterCounter();
                        ch.pipeline().addLast(new TcpSink(counter));
                        received.add(counter);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            for (int i = 0; i < streams; i++) {
                TcpSender sender = new TcpSender(blockSize, new SingleWriterCounter(), null, null, () -> { });
                Channel ch = new Bootstrap().group(senderGroup).channel(netty.socketChannel())
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ClientSession.SEND_WATERMARK)
                        .handler(sender)
                        .connect(listener.localAddress()).sync().channel();
                senders.add(sender);
                senderChannels.add(ch);
            }
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.size() < streams) {
                if (System.nanoTime() > deadlineNs) {
                    throw new IllegalStateException("only " + received.size() + " of " + streams + " streams accepted in 10 s");
                }
                Thread.sleep(1);
            }
            senders.forEach(TcpSender::start);
        } finally {
            listener.close().sync(); // accepted connections stay open
        }
    }

    @Setup(Level.Iteration)
    public void markIterationStart() {
        lastReceived = totalReceived();
    }

    @Benchmark
    public long transfer(Moved moved) throws InterruptedException {
        Thread.sleep(SAMPLE_PERIOD_MS);
        long now = totalReceived();
        long delta = now - lastReceived;
        lastReceived = now;
        moved.bytes += delta;
        moved.gbits += delta * 8 / 1e9;
        return now;
    }

    private long totalReceived() {
        long sum = 0;
        for (SingleWriterCounter c : received) {
            sum += c.getAcquire();
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (TcpSender sender : senders) {
            sender.stop(false).get(10, TimeUnit.SECONDS); // queued writes drain before the close
        }
        for (Channel ch : senderChannels) {
            ch.close().await(5, TimeUnit.SECONDS);
        }
        if (senderGroup != null) {
            senderGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        if (sinkGroup != null) {
            sinkGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }
}
