package io.jloadgen.session;

import io.jloadgen.protocol.UdpHeader;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;

/**
 * The server's side of iperf3's UDP stream "accept": one unconnected datagram socket on the server's port
 * receives each stream's 4-byte connect message; for each, a new socket is bound to the same port
 * (SO_REUSEADDR, as iperf3 does), connected to the sender of the message, which makes the kernel deliver
 * that peer's datagrams to it rather than to the listener, and answers with the connect reply.
 *
 * <p>UDP carries no cookie, so a connect message is matched to a test by its source address among the tests
 * waiting for UDP streams, the oldest first. Two UDP tests from one host setting up streams at the same
 * instant could be confused; iperf3 avoids it by running one test at a time, jloadgen accepts that risk.
 *
 * <p>Threading: the listener's event loop; tests are told of their stream on the new channel's loop.
 */
final class UdpStreamAcceptor {
    /** Reads on the listener: the connect message is 4 bytes; anything bigger is not one. */
    private static final int LISTENER_READ_BYTES = 64;

    private final ServerContext server;
    private final EventLoopGroup group;
    private final InetSocketAddress local;
    private static final long IGNORED_LOG_INTERVAL_NS = 1_000_000_000L;
    private Channel listener;
    /** Stray connect messages (listener loop only), and when one was last logged. */
    private long ignored;
    private long lastIgnoredLogNs = System.nanoTime() - IGNORED_LOG_INTERVAL_NS;

    private UdpStreamAcceptor(ServerContext server, EventLoopGroup group, InetSocketAddress local) {
        this.server = server;
        this.group = group;
        this.local = local;
    }

    /**
     * Binds the listener on {@code local} (the server's TCP address and port); returns null, after one log
     * line, when that fails (UDP tests are then refused).
     */
    static UdpStreamAcceptor bind(ServerContext server, EventLoopGroup group, InetSocketAddress local) {
        UdpStreamAcceptor acceptor = new UdpStreamAcceptor(server, group, local);
        try {
            acceptor.listener = new Bootstrap().group(group).channel(server.transport().datagramChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(LISTENER_READ_BYTES))
                    .handler(acceptor.new ListenerHandler())
                    .bind(local).syncUninterruptibly().channel();
            return acceptor;
        } catch (RuntimeException e) {
            server.log("UDP listener on " + local + " unavailable (" + ClientSession.rootMessage(e)
                    + "); UDP tests will be refused");
            return null;
        }
    }

    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    private final class ListenerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress peer = packet.sender();
            if (packet.content().readableBytes() != UdpHeader.CONNECT_BYTES) {
                return; // not a connect message: stray data for a stream that is gone
            }
            ServerTest test = server.testAwaitingUdpFrom(peer.getAddress());
            if (test == null) {
                long now = System.nanoTime();
                ignored++;
                if (now - lastIgnoredLogNs >= IGNORED_LOG_INTERVAL_NS) { // a flood of them must not flood the log
                    lastIgnoredLogNs = now;
                    server.log(peer.toString().replaceFirst("^/", "") + ": UDP connect message, but no test waits for "
                            + "UDP streams from it; ignored (" + ignored + " so far)");
                }
                return;
            }
            openStream(test, peer);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP errors for earlier replies; the listener stays up
        }
    }

    private void openStream(ServerTest test, InetSocketAddress peer) {
        Bootstrap b = new Bootstrap().group(group).channel(server.transport().datagramChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the test installs the sender or sink once it has claimed the stream
                    }
                });
        UdpStreams.configure(b, test.socketBufferBytes(), test.tos());
        b.bind(local).addListener((ChannelFutureListener) bound -> {
            if (!bound.isSuccess()) {
                test.udpStreamFailed("binding a UDP stream socket: " + ClientSession.rootMessage(bound.cause()));
                return;
            }
            Channel ch = bound.channel();
            ch.connect(peer).addListener((ChannelFutureListener) connected -> {
                if (!connected.isSuccess()) {
                    ch.close();
                    test.udpStreamFailed("connecting a UDP stream socket: " + ClientSession.rootMessage(connected.cause()));
                    return;
                }
                test.applyConnected(ch);
                if (!test.acceptUdpStream(ch)) {
                    ch.close();
                    return;
                }
                ByteBuf reply = ch.alloc().buffer(UdpHeader.CONNECT_BYTES).writeInt(UdpHeader.CONNECT_REPLY_WIRE);
                ch.writeAndFlush(reply);
            });
        });
    }
}
