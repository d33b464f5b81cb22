package io.jloadgen.session;

import io.jloadgen.engine.TcpSink;
import io.jloadgen.protocol.BouncebackHeader;
import io.jloadgen.protocol.ControlDecoder;
import io.jloadgen.protocol.Iperf2Header;
import io.jloadgen.protocol.ProtocolException;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The first handler of every accepted connection: tells an iperf3 client (a cookie's characters) from an
 * iperf 2 client (its test header) and an iperf 2.1 bounceback client (its bounceback header) by the first
 * bytes, and anything else from all three. iperf3 connections go on to the cookie decoder and
 * {@link ConnectionRouter}; iperf 2 connections leave them and get a sink in an {@link Iperf2ServerTest},
 * or an echo ({@link BouncebackServer}), on the loop or on a thread of its own. At most
 * {@link Iperf2Header#MAX_LENGTH} bytes are buffered here, and the router's deadline, armed when the
 * connection opened, bounds the wait.
 *
 * <p>Threading: the accepted channel's event loop.
 */
final class PeerSniffer extends ByteToMessageDecoder {
    private final ServerContext server;
    private final ControlDecoder decoder;
    private final ConnectionRouter router;

    PeerSniffer(ServerContext server, ControlDecoder decoder, ConnectionRouter router) {
        this.server = server;
        this.decoder = decoder;
        this.router = router;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int first = in.getInt(in.readerIndex());
        switch (Iperf2Header.classify(first)) {
            case IPERF3_COOKIE -> ctx.pipeline().remove(this); // what was read goes on to the cookie decoder
            case IPERF2_TEST -> {
                if (in.readableBytes() < Iperf2Header.lengthOf(first)) {
                    return;
                }
                try {
                    acceptIperf2(ctx, Iperf2Header.decode(in));
                } catch (ProtocolException e) {
                    reject(ctx, in, e.getMessage());
                }
            }
            case IPERF2_BOUNCEBACK -> {
                if (in.readableBytes() < BouncebackHeader.MANDATORY_LENGTH) {
                    return;
                }
                try {
                    acceptBounceback(ctx, in, BouncebackHeader.decode(in));
                } catch (ProtocolException e) {
                    reject(ctx, in, e.getMessage());
                }
            }
            case UNKNOWN -> reject(ctx, in, "not an iperf3 cookie nor an iperf 2 header");
        }
    }

    private void acceptIperf2(ChannelHandlerContext ctx, Iperf2Header header) {
        SingleWriterCounter counter = new SingleWriterCounter();
        TcpSink sink = new TcpSink(counter);
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        Iperf2ServerTest test = server.iperf2Groups().join(remote.getAddress(), header, ctx.channel(), counter, sink);
        if (test == null) {
            router.disarm();
            server.log(ConnectionRouter.peer(ctx) + ": refused iperf 2 client: " + server.activeTests()
                    + " tests running (--max-tests " + server.config().maxTests() + ")");
            ctx.close();
            return;
        }
        ctx.channel().config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(ClientSession.READ_BYTES));
        if (header.wantsAck()) {
            ByteBuf ack = ctx.alloc().buffer(Iperf2Header.ACK_LENGTH);
            Iperf2Header.encodeAck(ack);
            ctx.writeAndFlush(ack);
        }
        // the header's bytes stay in the buffer: iperf 2 counts them as received, and so does the sink
        handOver(ctx, sink);
    }

    private void acceptBounceback(ChannelHandlerContext ctx, ByteBuf in, BouncebackHeader first) {
        if (!server.reserveOtherTest()) {
            router.disarm();
            server.log(ConnectionRouter.peer(ctx) + ": refused bounceback client: " + server.activeTests()
                    + " tests running (--max-tests " + server.config().maxTests() + ")");
            ctx.close();
            return;
        }
        ctx.channel().config().setOption(ChannelOption.TCP_NODELAY, true);
        BouncebackServer bounceback = BouncebackServer.accept(server, ctx.channel(), first);
        if (!bounceback.fitsOwnThread(ctx.channel()) || in.readableBytes() > first.size()) {
            handOver(ctx, bounceback.onLoop()); // (more than one request before a reply: the loop's echo sorts it out)
            return;
        }
        ByteBuf request = ctx.alloc().directBuffer(first.size(), first.size());
        request.writeBytes(in);
        handOver(ctx, null);
        bounceback.onOwnThread(ctx.channel(), request);
    }

    /**
     * Puts {@code next} in place of the iperf3 handlers and this one; the bytes read so far go on to it. With
     * null, only removes them: the channel is leaving its loop, and the bytes were taken already.
     */
    private void handOver(ChannelHandlerContext ctx, ChannelHandler next) {
        ctx.pipeline().remove(router);
        ctx.pipeline().remove(decoder);
        if (next != null) {
            ctx.pipeline().addAfter(ctx.name(), null, next);
        }
        ctx.pipeline().remove(this);
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, String why) {
        in.skipBytes(in.readableBytes());
        router.disarm(); // this is the peer's one log line
        server.log(ConnectionRouter.peer(ctx) + ": " + why + "; closing");
        ctx.close();
    }
}
