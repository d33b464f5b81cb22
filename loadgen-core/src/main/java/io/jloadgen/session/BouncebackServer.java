package io.jloadgen.session;

import io.jloadgen.engine.FixedSizeEcho;
import io.jloadgen.protocol.BouncebackHeader;
import io.jloadgen.util.WallClock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The server side of one iperf 2.1 bounceback connection: every request of the size the first one
 * announced is stamped with the receive and send times, held if asked, and echoed, as iperf 2's server
 * does. A request with the stop flag, or the client closing between requests, ends it cleanly; one log
 * line says how many requests were echoed, or what went wrong.
 *
 * <p>Threading: the connection's event loop (the echo handler calls it).
 */
final class BouncebackServer implements FixedSizeEcho.Hook {
    /** Longest pause between two requests (iperf 2's default period is 1 s). */
    private static final long IDLE_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);

    private final ServerContext server;
    private final String peer;
    private final int size;
    private final long holdNs;
    private final long startNs = System.nanoTime();

    private BouncebackServer(ServerContext server, String peer, BouncebackHeader first) {
        this.server = server;
        this.peer = peer;
        this.size = first.size();
        this.holdNs = TimeUnit.MICROSECONDS.toNanos(first.holdUs());
    }

    /** The echo handler for a connection whose first request starts with {@code first}. */
    static FixedSizeEcho handler(ServerContext server, Channel channel, BouncebackHeader first) {
        String peer = ConnectionRouter.peer(channel);
        server.log(peer + ": bounceback client, " + first.size() + "-byte requests, hold "
                + first.holdUs() + " us" + ((first.flags() & BouncebackHeader.QUICKACK) != 0 ? ", quickack" : "")
                + markReplies(server, channel, first.tos()));
        return new FixedSizeEcho(first.size(), (first.flags() & BouncebackHeader.QUICKACK) != 0,
                server.config().controlTimeout().toNanos(), IDLE_LIMIT_NS, new BouncebackServer(server, peer, first));
    }

    /**
     * Marks the replies with the TOS the client asked for, as iperf 2's server does; what the log says of it.
     * NIO's dual-stack sockets would set only IPV6_TCLASS, leaving IPv4 replies unmarked, so there the echo
     * goes on unmarked and the log says why (the client has no channel to be told on).
     */
    private static String markReplies(ServerContext server, Channel channel, int tos) {
        if (tos == 0) {
            return "";
        }
        String asked = String.format(Locale.ROOT, ", tos 0x%02x", tos);
        if (!server.transport().isNative()) {
            return asked + " asked: not marked (a " + server.transport().kind().label()
                    + " server cannot mark IPv4 replies; use the epoll or io_uring transport)";
        }
        channel.config().setOption(ChannelOption.IP_TOS, tos);
        return asked;
    }

    @Override
    public long onRequest(ByteBuf request) {
        if (BouncebackHeader.isStop(request, 0)) {
            return -1;
        }
        BouncebackHeader.stampServerReceive(request, 0, WallClock.micros());
        return holdNs;
    }

    @Override
    public void beforeEcho(ByteBuf request) {
        BouncebackHeader.stampServerSend(request, 0, WallClock.micros());
    }

    @Override
    public void onEnd(String why, long echoed) {
        double seconds = (System.nanoTime() - startNs) / 1e9;
        server.log(peer + ": bounceback " + (why == null ? "done" : "ended: " + why) + "; " + echoed
                + " requests of " + size + " bytes echoed in " + String.format(Locale.ROOT, "%.2f", seconds) + " s");
        server.otherTestEnded(why);
    }
}
