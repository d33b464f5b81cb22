package io.jloadgen.engine;

import io.jloadgen.config.Transport;
import io.jloadgen.stats.SingleWriterCounter;
import io.jloadgen.testing.Await;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The UDP sender's steady state allocates nothing per datagram (DESIGN.md's data path rule), measured over
 * real loopback sockets as the bytes its event-loop thread allocates while it sends 50,000 datagrams (the
 * figures are bytes, not times, so a loaded machine changes nothing). The receiving side, connected as a
 * session's is, is bounded too: Netty hands each read datagram over as a new {@code DatagramPacket}, which
 * no handler of ours can avoid, and the sink must add nothing to it.
 */
@Timeout(60)
class UdpEngineAllocationTest {
    private static final int DATAGRAM = 1200;
    private static final long WARM_UP = 20_000;
    private static final long MEASURED = 50_000;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO", "IO_URING"})
    void sendingAllocatesNothingPerDatagramAndReceivingNothingOfOurs(Transport kind) throws Exception {
        assumeTrue(NettyTransport.isAvailable(kind), kind + " is not available here");
        NettyTransport transport = NettyTransport.resolve(kind);
        // the build runs tests with paranoid leak detection, which records a stack trace per buffer: off here,
        // so what is measured is the data path as it runs in production
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        EventLoopGroup senderLoop = transport.newGroup(1, "alloc-sender");
        EventLoopGroup receiverLoop = transport.newGroup(1, "alloc-receiver");
        try {
            SingleWriterCounter received = new SingleWriterCounter();
            Channel sinkChannel = new Bootstrap().group(receiverLoop).channel(transport.datagramChannel())
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                    .handler(new UdpSink(received, (buf, ns) -> { }))
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            SingleWriterCounter packets = new SingleWriterCounter();
            UdpSender sender = new UdpSender(DATAGRAM, new SingleWriterCounter(), packets, null, null, () -> { },
                    (buf, seq, ns) -> buf.setLong(buf.readerIndex(), seq), why -> { });
            Channel senderChannel = new Bootstrap().group(senderLoop).channel(transport.datagramChannel())
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(sender);
                        }
                    })
                    .connect(sinkChannel.localAddress()).sync().channel();
            sinkChannel.connect(senderChannel.localAddress()).sync(); // as a session's stream is, both ways
            long senderThread = senderLoop.next().submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            long receiverThread = receiverLoop.next().submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            sender.start();
            Await.until(30_000, "the warm-up datagrams are sent", () -> packets.getAcquire() >= WARM_UP);
            long packetsBefore = packets.getAcquire();
            long bytesBefore = allocated(senderThread);
            long receivedBefore = received.getAcquire();
            long receiverBytesBefore = allocated(receiverThread);
            Await.until(30_000, "the measured datagrams are sent", () -> packets.getAcquire() >= packetsBefore + MEASURED);
            long sent = packets.getAcquire() - packetsBefore;
            long bytes = allocated(senderThread) - bytesBefore;
            long receivedDatagrams = (received.getAcquire() - receivedBefore) / DATAGRAM;
            long receiverBytes = allocated(receiverThread) - receiverBytesBefore;
            sender.stop(false).get(5, TimeUnit.SECONDS);
            System.out.printf("%s: sender %.2f B/datagram over %d; receiver %.1f B/datagram over %d%n", kind,
                    (double) bytes / sent, sent, receivedDatagrams == 0 ? 0.0 : (double) receiverBytes / receivedDatagrams,
                    receivedDatagrams);
            if (kind == Transport.IO_URING) {
                // Netty 4.2's io_uring sendmsg builds an IoUringIoOps and copies the peer address per datagram
                // (~100 B, measured with JFR); nothing the sender can avoid, so only a bound against regressions
                assertThat((double) bytes / sent).as("%s sender bytes allocated per datagram", kind).isLessThan(256.0);
            } else {
                // what remains (~2 B) is the event loop's task queue growing a chunk now and then, not the sender
                assertThat((double) bytes / sent).as("%s sender bytes allocated per datagram", kind).isLessThan(8.0);
            }
            // Receiving, a connected stream's read gets one new DatagramPacket from Netty (24 B on epoll); NIO's and
            // io_uring's reads add their own (~88 B, ~230 B). Bounds against anything of ours joining them:
            double receiverPerDatagram = (double) receiverBytes / Math.max(1, receivedDatagrams);
            assertThat(receivedDatagrams).as("%s datagrams received while measuring", kind).isPositive();
            assertThat(receiverPerDatagram).as("%s receiver bytes allocated per datagram", kind)
                    .isLessThan(kind == Transport.EPOLL ? 40.0 : kind == Transport.NIO ? 128.0 : 320.0);
            senderChannel.close().sync();
            sinkChannel.close().sync();
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
            senderLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            receiverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static long allocated(long threadId) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(threadId);
    }
}
