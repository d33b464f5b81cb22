package io.jloadgen.engine;

import io.jloadgen.config.Transport;
import io.jloadgen.protocol.BouncebackHeader;
import io.jloadgen.stats.LatencyRecorder;
import io.jloadgen.stats.SingleWriterCounter;
import io.jloadgen.testing.Await;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Request/response allocates nothing per round trip in steady state, on either side (DESIGN.md's data path
 * rule): a {@link RoundTripper} and a {@link FixedSizeEcho}, each on its own event loop, over real loopback
 * sockets, 100-byte requests back to back; measured as the bytes each loop's thread allocates over 20,000
 * round trips (bytes, not times: a loaded machine changes nothing). Both ends write their one request
 * buffer itself, retained; a duplicate per write was a new object each time (40 B, and on NIO a
 * {@code ByteBuffer} view as well).
 */
@Timeout(90)
class BouncebackAllocationTest {
    private static final int SIZE = 100;
    private static final long WARM_UP = 20_000;
    private static final long MEASURED = 20_000;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO", "IO_URING"})
    void roundTripsAllocateNothingOnEitherSide(Transport kind) throws Exception {
        assumeTrue(NettyTransport.isAvailable(kind), kind + " is not available here");
        NettyTransport transport = NettyTransport.resolve(kind);
        // the build runs tests with paranoid leak detection, which records a stack trace per buffer: off here,
        // so what is measured is the data path as it runs in production
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        EventLoopGroup clientLoop = transport.newGroup(1, "alloc-client");
        EventLoopGroup serverLoop = transport.newGroup(1, "alloc-server");
        try {
            SingleWriterCounter echoed = new SingleWriterCounter();
            EchoHook hook = countingHook(echoed);
            Channel listener = new ServerBootstrap().group(serverLoop).channel(transport.serverSocketChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new FixedSizeEcho(SIZE, false, TimeUnit.SECONDS.toNanos(30),
                                    TimeUnit.SECONDS.toNanos(60), hook));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            ByteBuf request = ByteBufAllocator.DEFAULT.directBuffer(SIZE, SIZE); // what ch.alloc() gives
            BouncebackHeader.fillRequest(request, SIZE);
            // HdrHistogram grows its counts (hundreds of KB) the first time a round trip beyond its range comes,
            // which a busy machine's hiccup does at any time: grown to a minute here, before measuring
            LatencyRecorder.Writer recorder = new LatencyRecorder().newWriter();
            recorder.record(TimeUnit.SECONDS.toNanos(60), 0);
            RoundTripper tripper = new RoundTripper(request, 0, false, recorder,
                    (buf, sequence) -> BouncebackHeader.stampRequest(buf, SIZE, sequence, false, 0, 0, 0));
            Channel client = new Bootstrap().group(clientLoop).channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(tripper)
                    .connect(listener.localAddress()).sync().channel();
            long clientThread = clientLoop.next().submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            long serverThread = serverLoop.next().submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            tripper.start();
            double[] perTrip = bytesPerRoundTrip(kind.toString(), tripper, echoed, clientThread, serverThread);
            double clientPerTrip = perTrip[0];
            double serverPerTrip = perTrip[1];
            // epoll: nothing (what may remain, a few bytes, is a task queue growing a chunk now and then). NIO
            // and io_uring allocate inside Netty and the JDK per wake-up or completion (measured: NIO 64 B,
            // io_uring ~154 B, whatever the handlers do), so there only a bound against regressions: writing a
            // duplicate per request, as these handlers once did, cost 40 B more per side, and on NIO 104-125 B
            double bound = switch (kind) {
                case NIO -> 128;
                case IO_URING -> 176;
                default -> 8;
            };
            assertThat(clientPerTrip).as("%s client bytes allocated per round trip", kind).isLessThan(bound);
            assertThat(serverPerTrip).as("%s server bytes allocated per round trip", kind).isLessThan(bound);
            client.close().sync();
            listener.close().sync();
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The same over {@link BlockingSocket}s: a {@link BlockingRoundTripper} and a {@link BlockingEcho}, on threads of their own. */
    @Test
    void roundTripsOnThreadsOfTheirOwnAllocateNothing() throws Exception {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL), "epoll is not available here");
        NettyTransport transport = NettyTransport.resolve(Transport.EPOLL);
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        EventLoopGroup loops = transport.newGroup(1, "alloc-loop");
        try {
            SingleWriterCounter echoed = new SingleWriterCounter();
            CompletableFuture<Thread> echoThread = new CompletableFuture<>();
            EchoHook hook = countingHook(echoed);
            Channel listener = new ServerBootstrap().group(loops).channel(transport.serverSocketChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            assertThat(BlockingSocket.unavailability(ch)).isNull();
                            BlockingSocket.detach(ch).thenAccept(socket -> echoThread.complete(new BlockingEcho(socket,
                                    ch.alloc().directBuffer(SIZE, SIZE), TimeUnit.SECONDS.toNanos(30),
                                    TimeUnit.SECONDS.toNanos(60), hook).start("alloc-echo")));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = new Bootstrap().group(loops).channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                        }
                    })
                    .connect(listener.localAddress()).sync().channel();
            BlockingSocket socket = loops.next().submit(() -> BlockingSocket.detach(client)).get(5, TimeUnit.SECONDS)
                    .get(5, TimeUnit.SECONDS);
            ByteBuf request = client.alloc().directBuffer(SIZE, SIZE);
            BouncebackHeader.fillRequest(request, SIZE);
            LatencyRecorder.Writer recorder = new LatencyRecorder().newWriter();
            recorder.record(TimeUnit.SECONDS.toNanos(60), 0); // grown before measuring, as above
            BlockingRoundTripper tripper = new BlockingRoundTripper(socket, request, 0, true, recorder,
                    (buf, sequence) -> BouncebackHeader.stampRequest(buf, SIZE, sequence, true, 0, 0, 0), "alloc-requester");
            tripper.start();
            long serverThread = echoThread.get(5, TimeUnit.SECONDS).getId();
            long clientThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("alloc-requester")).findFirst().orElseThrow().getId();
            double[] perTrip = bytesPerRoundTrip("threads of their own", tripper, echoed, clientThread, serverThread);
            assertThat(perTrip[0]).as("client bytes allocated per round trip").isLessThan(1);
            assertThat(perTrip[1]).as("server bytes allocated per round trip").isLessThan(1);
            listener.close().sync();
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * After the warm-up, the bytes the client's and the server's threads allocate per round trip over the
     * measured ones; then stops the round trips, which must end cleanly.
     */
    private static double[] bytesPerRoundTrip(String label, Requester tripper, SingleWriterCounter echoed,
                                              long clientThread, long serverThread) throws Exception {
        Await.until(60_000, "the warm-up round trips are done", () -> echoed.getAcquire() >= WARM_UP);
        long echoedBefore = echoed.getAcquire();
        long clientBefore = allocated(clientThread);
        long serverBefore = allocated(serverThread);
        Await.until(60_000, "the measured round trips are done", () -> echoed.getAcquire() >= echoedBefore + MEASURED);
        double trips = echoed.getAcquire() - echoedBefore;
        double clientPerTrip = (allocated(clientThread) - clientBefore) / trips;
        double serverPerTrip = (allocated(serverThread) - serverBefore) / trips;
        tripper.stop();
        assertThat(tripper.ended().get(10, TimeUnit.SECONDS)).as("how the round trips ended").isNull();
        System.out.printf("%s: client %.2f B/round trip, server %.2f B/round trip, over %.0f%n", label,
                clientPerTrip, serverPerTrip, trips);
        return new double[] {clientPerTrip, serverPerTrip};
    }

    /** Counts the requests and stamps each echo, as the server's hook does. */
    private static EchoHook countingHook(SingleWriterCounter echoed) {
        return new EchoHook() {
            @Override
            public long onRequest(ByteBuf request) {
                echoed.add(1);
                return 0;
            }

            @Override
            public void beforeEcho(ByteBuf request) {
                BouncebackHeader.stampServerSend(request, 0, 0);
            }

            @Override
            public void onEnd(String why, long count) {
            }
        };
    }

    private static long allocated(long threadId) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(threadId);
    }
}
