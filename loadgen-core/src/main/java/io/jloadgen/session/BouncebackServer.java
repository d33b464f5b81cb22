package io.jloadgen.session;

import io.jloadgen.engine.BlockingEcho;
import io.jloadgen.engine.BlockingSocket;
import io.jloadgen.engine.EchoHook;
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
 * <p>A connection without a hold is echoed by a thread of its own over a blocking socket (see
 * {@link BlockingSocket}), like iperf 2's, when the transport allows; otherwise, and for held replies, by
 * {@link FixedSizeEcho} on the event loop. The server's {@code --max-tests} bounds the threads.
 *
 * <p>Threading: the echo's (the echo calls it).
 */
final class BouncebackServer implements EchoHook {
    /** Longest pause between two requests (iperf 2's default period is 1 s). */
    private static final long IDLE_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);

    private final ServerContext server;
    private final String peer;
    private final int size;
    private final long holdNs;
    private final boolean quickAckOnHold;
    private final long startNs = System.nanoTime();
    private volatile BlockingEcho ownThread;

    private BouncebackServer(ServerContext server, String peer, BouncebackHeader first) {
        this.server = server;
        this.peer = peer;
        this.size = first.size();
        this.holdNs = TimeUnit.MICROSECONDS.toNanos(first.holdUs());
        this.quickAckOnHold = (first.flags() & BouncebackHeader.QUICKACK) != 0;
    }

    /** Accepts a connection whose first request starts with {@code first}: logs it and marks its replies. */
    static BouncebackServer accept(ServerContext server, Channel channel, BouncebackHeader first) {
        String peer = ConnectionRouter.peer(channel);
        server.log(peer + ": bounceback client, " + first.size() + "-byte requests, hold "
                + first.holdUs() + " us" + ((first.flags() & BouncebackHeader.QUICKACK) != 0 ? ", quickack" : "")
                + markReplies(server, channel, first.tos()));
        return new BouncebackServer(server, peer, first);
    }

    /** Whether {@code channel} can be echoed by a thread of its own. */
    boolean fitsOwnThread(Channel channel) {
        return holdNs == 0 && BlockingSocket.unavailability(channel) == null;
    }

    /** The echo on the event loop. */
    FixedSizeEcho onLoop() {
        return new FixedSizeEcho(size, quickAckOnHold, server.config().controlTimeout().toNanos(), IDLE_LIMIT_NS, this);
    }

    /**
     * Takes {@code channel} off its loop and echoes it on a thread of its own, starting with the request's
     * bytes in {@code request} (direct, {@code size} bytes, owned from here on). Call on the channel's loop.
     */
    void onOwnThread(Channel channel, ByteBuf request) {
        BlockingSocket.detach(channel).whenComplete((socket, failed) -> {
            if (failed != null) {
                request.release();
                onEnd("cannot serve it on a thread of its own: " + failed, 0);
                channel.close();
                return;
            }
            BlockingEcho echo = new BlockingEcho(socket, request, server.config().controlTimeout().toNanos(),
                    IDLE_LIMIT_NS, this);
            ownThread = echo;
            server.echoStarted(echo);
            echo.start("jloadgen-echo " + peer);
        });
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
        BlockingEcho echo = ownThread;
        if (echo != null) {
            server.echoEnded(echo);
        }
        server.otherTestEnded(why);
    }
}
