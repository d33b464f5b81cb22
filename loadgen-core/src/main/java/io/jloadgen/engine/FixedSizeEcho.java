package io.jloadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server half of a request/response test: reads requests of one fixed size and writes each back,
 * optionally after a hold. The request is gathered in one buffer allocated when the handler is added and
 * reused; the echo is that buffer itself, retained, with a void promise, so the steady state allocates
 * nothing (a duplicate would cost an object per echo from the default, adaptive, allocator, and on NIO a
 * new {@code ByteBuffer} view too: 40 B, on NIO over 100 B; see BouncebackAllocationTest). Only when an
 * echo is still queued (the peer does not read) does the next request get a fresh buffer. A peer that
 * stops mid-request, or stays silent too long between requests, is closed.
 *
 * <p>Threading: every method runs on the channel's event loop, which alone touches its state, except the
 * periodic look at the time of the last read, which runs on the {@link OffLoopTimer} thread so that the
 * loop has nothing scheduled while it echoes.
 */
public final class FixedSizeEcho extends ChannelInboundHandlerAdapter {
    private static final long CHECK_PERIOD_MS = 250;
    private static final VarHandle LAST_READ_NS;

    static {
        try {
            LAST_READ_NS = MethodHandles.lookup().findVarHandle(FixedSizeEcho.class, "lastReadNs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int size;
    private final boolean quickAckOnHold;
    private final long partialTimeoutNs;
    private final long idleTimeoutNs;
    private final EchoHook hook;
    private final Runnable echoTask = this::echo;
    private final Runnable checkTask = this::checkSilence;

    private ChannelHandlerContext ctx;
    private ByteBuf request;
    private boolean holding;
    private boolean ended;
    private long lastReadNs; // written on the loop, read opaquely by the timer's thread
    private long echoed;
    private ScheduledFuture<?> check;

    /**
     * @param size             bytes per request and reply
     * @param quickAckOnHold   set TCP_QUICKACK before a hold, as iperf 2's server does when asked
     * @param partialTimeoutNs longest silence in the middle of a request
     * @param idleTimeoutNs    longest silence between requests
     */
    public FixedSizeEcho(int size, boolean quickAckOnHold, long partialTimeoutNs, long idleTimeoutNs, EchoHook hook) {
        this.size = size;
        this.quickAckOnHold = quickAckOnHold;
        this.partialTimeoutNs = partialTimeoutNs;
        this.idleTimeoutNs = idleTimeoutNs;
        this.hook = hook;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        request = ctx.alloc().directBuffer(size, size);
        LAST_READ_NS.setOpaque(this, System.nanoTime());
        check = OffLoopTimer.every(CHECK_PERIOD_MS, this::watch);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        check.cancel(false);
        if (request != null) {
            request.release();
            request = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || ended) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            LAST_READ_NS.setOpaque(this, System.nanoTime());
            while (in.isReadable()) {
                if (holding) {
                    end("a request arrived before the previous reply");
                    return;
                }
                in.readBytes(request, Math.min(in.readableBytes(), request.writableBytes()));
                if (!request.isWritable()) {
                    long holdNs = hook.onRequest(request);
                    if (holdNs < 0) {
                        end(null);
                        return;
                    }
                    if (holdNs == 0) {
                        echo();
                    } else {
                        holding = true;
                        ctx.channel().config().setAutoRead(false);
                        if (quickAckOnHold) {
                            SocketTuning.quickAck(ctx.channel());
                        }
                        ctx.executor().schedule(echoTask, holdNs, TimeUnit.NANOSECONDS);
                    }
                }
            }
        } finally {
            in.release();
        }
    }

    private void echo() {
        if (ended || request == null) {
            return;
        }
        hook.beforeEcho(request);
        ctx.writeAndFlush(request.retain(), ctx.voidPromise());
        echoed++;
        if (request.refCnt() > 1) { // still queued: the next request must not overwrite it
            request.release();
            request = ctx.alloc().directBuffer(size, size);
        } else {
            request.clear();
        }
        if (holding) {
            holding = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * On the timer's thread: only a silence past the shorter limit is worth the loop's attention. When the
     * loop has shut down, its refusal propagates, which ends this periodic check.
     */
    private void watch() {
        long silentNs = System.nanoTime() - (long) LAST_READ_NS.getOpaque(this);
        if (silentNs > Math.min(partialTimeoutNs, idleTimeoutNs)) {
            ctx.executor().execute(checkTask);
        }
    }

    private void checkSilence() {
        long silentNs = System.nanoTime() - lastReadNs;
        if (holding || ended || request == null) {
            return;
        }
        if (request.writerIndex() > 0 && silentNs > partialTimeoutNs) {
            end("stopped mid-request (" + request.writerIndex() + " of " + size + " bytes) for "
                    + TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms");
        } else if (silentNs > idleTimeoutNs) {
            end("no request for " + TimeUnit.NANOSECONDS.toSeconds(silentNs) + " s");
        }
    }

    private void end(String why) {
        if (ended) {
            return;
        }
        ended = true;
        hook.onEnd(why, echoed);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ended) {
            ended = true;
            String why = holding ? "closed before its held reply was sent"
                    : request != null && request.writerIndex() > 0
                    ? "closed mid-request (" + request.writerIndex() + " of " + size + " bytes)" : null;
            hook.onEnd(why, echoed);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }
}
