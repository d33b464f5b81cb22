package io.jloadgen.session;

import io.jloadgen.protocol.ControlDecoder;
import io.jloadgen.protocol.ControlEncoder;
import io.jloadgen.protocol.ControlMessage;
import io.jloadgen.protocol.State;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Routes an accepted iperf3 connection: after {@link PeerSniffer} has seen a cookie's first characters, reads
 * the 37-byte cookie within the control deadline (armed when the connection opens, so it also bounds the
 * sniffing), then hands the connection to the test it belongs to (a data stream) or makes it a new test's
 * control connection. A peer that sends no cookie in time, or garbage, is logged once and closed.
 *
 * <p>Threading: the accepted channel's event loop.
 */
final class ConnectionRouter extends ChannelInboundHandlerAdapter {
    private final ServerContext server;
    private final ControlDecoder decoder;
    private ScheduledFuture<?> deadline;

    ConnectionRouter(ServerContext server, ControlDecoder decoder) {
        this.server = server;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            server.log(peer(ctx) + ": no cookie within " + server.config().controlTimeout().toSeconds() + " s; closing");
            ctx.close();
        }, server.config().controlTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ControlMessage.CookieMessage cm)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        deadline.cancel(false);
        String cookie = cm.cookie().text();
        ServerTest existing = server.test(cookie);
        if (existing != null) {
            if (!existing.acceptStream(ctx.channel(), decoder)) {
                server.log(peer(ctx) + ": connection with the cookie of a test not accepting streams; closing");
                ctx.close();
            }
            return;
        }
        ServerTest test = new ServerTest(server, cookie, ctx.channel(), decoder);
        if (!server.register(cookie, test)) {
            server.log(peer(ctx) + ": refused: " + server.activeTests() + " tests running (--max-tests "
                    + server.config().maxTests() + ")");
            ctx.writeAndFlush(ControlEncoder.state(ctx.alloc(), State.ACCESS_DENIED)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.pipeline().replace(this, "test", test.controlHandler());
        test.begin();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (deadline != null) {
            deadline.cancel(false); // this line is the peer's one log line
        }
        server.log(peer(ctx) + ": " + ClientSession.rootMessage(cause) + "; closing");
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null && deadline.cancel(false)) {
            server.log(peer(ctx) + ": closed before sending a cookie");
        }
        ctx.fireChannelInactive();
    }

    /** Removed when the connection turned out to be an iperf 2 peer ({@link PeerSniffer}): its handler takes over. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    /** Cancels the cookie deadline: the sniffer has dealt with the peer (and logged its one line). */
    void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null; // so that closing the connection logs nothing more
        }
    }

    static String peer(ChannelHandlerContext ctx) {
        return peer(ctx.channel());
    }

    static String peer(io.netty.channel.Channel channel) {
        var a = channel.remoteAddress();
        return a == null ? "unknown peer" : a.toString().replaceFirst("^/", "");
    }
}
