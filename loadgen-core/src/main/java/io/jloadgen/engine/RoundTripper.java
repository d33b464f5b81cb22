package io.jloadgen.engine;

import io.jloadgen.stats.LatencyRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client half of a request/response test: writes a request of a fixed size, waits for a reply of the
 * same size, records the round trip, and sends the next request back to back or on the next tick of a
 * fixed period. Ticks are planned from the start, not from the last reply; a reply later than its tick
 * makes the next request go at once and the skipped ticks are accounted for by the recorder's
 * coordinated-omission correction, not by a burst of catch-up requests.
 *
 * <p>The request is one buffer filled once; each send rewrites its header through the {@link Stamper} and
 * writes the buffer itself, retained, with a void promise, so the steady state allocates nothing (a period
 * other than 0 schedules one timer task per request). Not a duplicate: that would cost an object per send
 * from the default, adaptive, allocator, and on NIO a new {@code ByteBuffer} view too. The previous send
 * is always written out by then, since its reply has come.
 *
 * <p>Threading: every method runs on the channel's event loop; {@link #start} and {@link #stop} may be
 * called from any thread and hop onto it.
 */
public final class RoundTripper extends ChannelInboundHandlerAdapter implements Requester {
    /** Writes the protocol's header into the request before each send; event loop only. */
    public interface Stamper {
        void stamp(ByteBuf request, int sequence);
    }

    private final int size;
    private final long periodNs;
    private final boolean quickAck;
    private final LatencyRecorder.Writer recorder;
    private final Stamper stamper;
    private final ByteBuf request;
    private final Runnable sendTask = this::send;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final CompletableFuture<Long> firstReply = new CompletableFuture<>();

    private ChannelHandlerContext ctx;
    private boolean running;
    private boolean awaiting;
    private int replyBytesLeft;
    private int sequence;
    private long sentNs;
    private long nextDueNs;
    private long roundTrips;

    /**
     * @param request  the filled request of {@code size} bytes; this handler owns and releases it
     * @param periodNs time between requests, 0 for back to back
     * @param quickAck set TCP_QUICKACK after each request, as iperf 2's client does
     */
    public RoundTripper(ByteBuf request, long periodNs, boolean quickAck, LatencyRecorder.Writer recorder,
                        Stamper stamper) {
        this.size = request.readableBytes();
        this.request = request;
        this.periodNs = periodNs;
        this.quickAck = quickAck;
        this.recorder = recorder;
        this.stamper = stamper;
    }

    @Override
    public CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public CompletableFuture<Long> firstReply() {
        return firstReply;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        running = false;
        if (request.refCnt() > 0) {
            request.release();
        }
    }

    @Override
    public void start() {
        ctx.executor().execute(() -> {
            running = true;
            nextDueNs = System.nanoTime();
            send();
        });
    }

    @Override
    public void stop() {
        ctx.executor().execute(() -> {
            running = false;
            if (!awaiting) {
                ended.complete(null);
            }
        });
    }

    @Override
    public void close() {
        ctx.channel().close();
    }

    private void send() {
        if (!running || awaiting || !ctx.channel().isActive()) {
            return;
        }
        stamper.stamp(request, ++sequence);
        awaiting = true;
        replyBytesLeft = size;
        sentNs = System.nanoTime();
        // a partial write may have moved the reader index before it completed: back to the whole request
        ctx.writeAndFlush(request.retain().setIndex(0, size), ctx.voidPromise());
        if (quickAck) {
            SocketTuning.quickAck(ctx.channel());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int bytes = in.readableBytes();
        in.release();
        if (!awaiting || bytes > replyBytesLeft) {
            fail("the server sent more than a " + size + "-byte reply");
            return;
        }
        replyBytesLeft -= bytes;
        if (replyBytesLeft > 0) {
            return;
        }
        long now = System.nanoTime();
        awaiting = false;
        roundTrips++;
        recorder.record(now - sentNs, periodNs);
        if (roundTrips == 1) {
            firstReply.complete(now - sentNs);
        }
        if (!running) {
            ended.complete(null);
            return;
        }
        if (periodNs == 0) {
            send();
            return;
        }
        nextDueNs += periodNs;
        if (nextDueNs <= now) {
            nextDueNs = now; // late: go now; the recorder fills in the ticks that were skipped
            send();
        } else {
            ctx.executor().schedule(sendTask, nextDueNs - now, TimeUnit.NANOSECONDS);
        }
    }

    private void fail(String why) {
        running = false;
        ended.complete(why);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String why = awaiting ? "the server closed the connection before replying"
                : running ? "the server closed the connection" : null;
        running = false;
        ended.complete(why);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }
}
