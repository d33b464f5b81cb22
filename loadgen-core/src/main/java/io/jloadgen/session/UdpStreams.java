package io.jloadgen.session;

import io.jloadgen.engine.ByteBudget;
import io.jloadgen.engine.RatePacer;
import io.jloadgen.engine.UdpSender;
import io.jloadgen.engine.UdpSink;
import io.jloadgen.protocol.StreamResult;
import io.jloadgen.protocol.UdpHeader;
import io.jloadgen.protocol.UdpReceiveStats;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Joins the UDP engine (sender, sink) to iperf3's UDP wire format, for both roles: stamping headers, keeping
 * the receiver's statistics, and the client's side of the per-stream "connect" handshake.
 */
final class UdpStreams {
    /** Reads big enough for any datagram, so none is truncated; pooled, so the steady state allocates no memory. */
    static final int READ_BYTES = 65_536;
    /** Datagrams read per wake-up before the loop serves others. */
    static final int READS_PER_LOOP = 64;

    private UdpStreams() {
    }

    /** Channel options every UDP data channel gets (before bind/connect); {@code tos} 0 leaves the kernel's. */
    static void configure(Bootstrap b, int socketBufferBytes, int tos) {
        if (tos > 0) {
            b.option(ChannelOption.IP_TOS, tos);
        }
        b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BYTES))
                .option(ChannelOption.MAX_MESSAGES_PER_READ, READS_PER_LOOP)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, UdpSender.WATERMARK);
        if (socketBufferBytes > 0) {
            b.option(ChannelOption.SO_SNDBUF, socketBufferBytes).option(ChannelOption.SO_RCVBUF, socketBufferBytes);
        }
    }

    /** Installs a sender on a connected datagram channel (on its own loop) and returns the stream. */
    static DataStream sending(Channel ch, int id, int datagramBytes, long bitsPerSecond, ByteBudget budget,
                              Runnable onBudgetSpent, boolean counters64, Consumer<String> onTooLarge) {
        SingleWriterCounter bytes = new SingleWriterCounter();
        SingleWriterCounter packets = new SingleWriterCounter();
        RatePacer pacer = bitsPerSecond > 0 ? new RatePacer(bitsPerSecond) : null;
        UdpSender sender = new UdpSender(datagramBytes, bytes, packets, pacer, budget, onBudgetSpent,
                (buf, sequence, nowNs) -> UdpHeader.encode(buf, nowNs / 1000, sequence, counters64), onTooLarge);
        ch.pipeline().addLast(sender);
        return new DataStream(id, ch, bytes, sender, null, packets, null);
    }

    /** Installs a sink keeping iperf3's receive statistics on a connected datagram channel. */
    static DataStream receiving(Channel ch, int id, boolean counters64) {
        SingleWriterCounter bytes = new SingleWriterCounter();
        UdpReceiveStats stats = new UdpReceiveStats(counters64);
        UdpSink sink = new UdpSink(bytes, (buf, arrivalNs) -> stats.onDatagram(buf, arrivalNs / 1000));
        ch.pipeline().addLast(sink);
        return new DataStream(id, ch, bytes, null, sink, null, stats);
    }

    /**
     * The client side of one stream's handshake: connects a datagram channel to the server, sends iperf3's
     * connect message and completes with the channel once the reply came back, or fails after {@code timeout}.
     * As iperf3 does in reverse mode, up to a few datagrams of data ahead of the reply are tolerated.
     */
    static CompletableFuture<Channel> connect(Bootstrap b, SocketAddress remote, SocketAddress local, Duration timeout,
                                              int datagramBytes) {
        CompletableFuture<Channel> done = new CompletableFuture<>();
        var future = local == null ? b.connect(remote) : b.connect(remote, local);
        future.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(f.cause());
                return;
            }
            Channel ch = f.channel();
            ch.pipeline().addLast(new ConnectReplyHandler(done, 4L * datagramBytes + UdpHeader.CONNECT_BYTES));
            ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
                if (done.completeExceptionally(new IllegalStateException("no UDP connect reply from "
                        + remote + " within " + timeout.toSeconds() + " s"))) {
                    ch.close();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            done.whenComplete((c, t) -> timer.cancel(false));
            ByteBuf msg = ch.alloc().buffer(UdpHeader.CONNECT_BYTES).writeInt(UdpHeader.CONNECT_MSG_WIRE);
            ch.writeAndFlush(msg).addListener((ChannelFutureListener) w -> {
                if (!w.isSuccess()) {
                    done.completeExceptionally(w.cause());
                    ch.close();
                }
            });
        });
        return done;
    }

    /** Waits for the server's connect reply, bounded in bytes; removes itself once it came. */
    private static final class ConnectReplyHandler extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Channel> done;
        private final long maxBytes;
        private long seen;

        ConnectReplyHandler(CompletableFuture<Channel> done, long maxBytes) {
            this.done = done;
            this.maxBytes = maxBytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                ByteBuf content = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
                if (content == null || done.isDone()) {
                    return;
                }
                if (UdpHeader.isConnectReply(content)) {
                    ctx.pipeline().remove(this);
                    done.complete(ctx.channel());
                    return;
                }
                seen += content.readableBytes();
                if (seen > maxBytes) {
                    done.completeExceptionally(new IllegalStateException("no UDP connect reply among the first "
                            + seen + " bytes from the server"));
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // e.g. ICMP port unreachable: nobody listens for UDP on the server's port
            if (done.completeExceptionally(cause)) {
                ctx.close();
            }
        }
    }

    /** What this end reports for a stream in the results exchange: TCP figures as given, UDP ones filled in. */
    static StreamResult result(DataStream s, long retransmits, double windowS) {
        if (!s.udp()) {
            return new StreamResult(s.id(), s.windowBytes(), retransmits, 0, 0, 0, 0, windowS);
        }
        return s.sending()
                ? new StreamResult(s.id(), s.windowBytes(), -1, 0, 0, s.windowPackets(), 0, windowS)
                : new StreamResult(s.id(), s.windowBytes(), -1, s.jitterSeconds(), s.windowLost(), s.windowPackets(), 0, windowS);
    }

    /** Adds a UDP stream's totals, from this end and the peer's results, to its summary row. */
    static StreamSummary withUdp(StreamSummary row, DataStream s, StreamResult peer) {
        if (!s.udp()) {
            return row;
        }
        long peerPackets = peer == null ? 0 : peer.packets();
        UdpTotals udp = s.sending()
                ? new UdpTotals(s.windowPackets(), peerPackets, peer == null ? 0 : peer.errors(), 0,
                        peer == null ? 0 : peer.jitterS() * 1000)
                : new UdpTotals(peerPackets, s.windowPackets(), s.windowLost(), s.windowOutOfOrder(), s.jitterSeconds() * 1000);
        return new StreamSummary(row.id(), row.localSends(), row.sentBytes(), row.sentSeconds(), row.receivedBytes(),
                row.receivedSeconds(), -1, 0, 0, 0, 0, udp);
    }

    /** The address the server's UDP listener binds: its TCP listener's address and port. */
    static InetSocketAddress listenAddress(String bindAddress, int port) {
        return bindAddress == null ? new InetSocketAddress(port) : new InetSocketAddress(bindAddress, port);
    }
}
