package io.jloadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The write loop that TCP and UDP senders share: start and stop, the planned stop time, pacing, the byte
 * budget, and yielding to the event loop's other work. A subclass only says how one batch of messages is
 * queued ({@link #writeBatch}); this class flushes each batch and decides when to go on.
 *
 * <p>Threading: every method runs on the channel's event loop; {@link #start()} and {@link #stop(boolean)}
 * may be called from any thread and hop onto it.
 */
public abstract class StreamSender extends ChannelInboundHandlerAdapter implements DataSender {
    /** Rounds of write-then-flush before yielding to other tasks of the event loop. */
    private static final int MAX_ROUNDS_PER_RUN = 8;
    /** Shortest wait for pacing: a shorter timer costs more wake-ups than it saves in burstiness. */
    protected static final long MIN_PACING_DELAY_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private final RatePacer pacer;
    private final ByteBudget budget;
    private final Runnable onBudgetSpent;
    /** The yield's continuation; only it clears the flag, so other wake-ups never queue a second one. */
    private final Runnable writeTask = () -> {
        yieldScheduled = false;
        writeLoop();
    };
    private final Runnable pacingTask = () -> {
        pacingScheduled = false;
        writeLoop();
    };
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    protected ChannelHandlerContext ctx;
    private boolean running;
    private long stopAtNs;
    private volatile long stoppedAtNs;
    private volatile long flushedAtNs;
    private boolean inLoop;
    private boolean pacingScheduled;
    private boolean yieldScheduled;

    /**
     * @param pacer         rate limit, or null for as fast as possible
     * @param budget        shared byte budget of the test, or null for none
     * @param onBudgetSpent called once, on the event loop, when this sender finds the budget spent
     */
    protected StreamSender(RatePacer pacer, ByteBudget budget, Runnable onBudgetSpent) {
        this.pacer = pacer;
        this.budget = budget;
        this.onBudgetSpent = onBudgetSpent;
    }

    /**
     * Queues (without flushing) as many messages as {@link #admit} allows and the channel takes while
     * {@link #isRunning()} and writable, counting each; returns how many were queued.
     */
    protected abstract int writeBatch(Channel ch);

    /** A pooled direct buffer of random bytes (random so compressing links cannot flatter the result). */
    protected static ByteBuf randomBlock(int size) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
        SplittableRandom random = new SplittableRandom();
        while (buf.writableBytes() >= 8) {
            buf.writeLong(random.nextLong());
        }
        while (buf.isWritable()) {
            buf.writeByte(random.nextInt());
        }
        return buf;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        running = false;
    }

    @Override
    public void start() {
        start(0);
    }

    @Override
    public void start(long stopAtNs) {
        ctx.channel().eventLoop().execute(() -> {
            this.stopAtNs = stopAtNs;
            running = true;
            writeLoop();
        });
    }

    @Override
    public void stopAt(long stopAtNs) {
        ctx.channel().eventLoop().execute(() -> this.stopAtNs = stopAtNs);
    }

    @Override
    public long flushedAtNs() {
        return flushedAtNs;
    }

    @Override
    public long queuedBytes() {
        ChannelOutboundBuffer queue = ctx.channel().unsafe().outboundBuffer(); // null once closed
        return queue == null ? 0 : queue.totalPendingWriteBytes();
    }

    @Override
    public CompletableFuture<Void> stop(boolean halfClose) {
        Channel ch = ctx.channel();
        ch.eventLoop().execute(() -> {
            halt(System.nanoTime());
            if (!ch.isActive()) {
                flushed(stoppedAtNs);
                stopped.complete(null);
                return;
            }
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                flushed(f.isSuccess() ? System.nanoTime() : stoppedAtNs);
                // only a stream socket can half-close; a datagram channel is done once its queue is flushed
                if (halfClose && f.isSuccess() && ch instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput().addListener(x -> stopped.complete(null));
                } else {
                    stopped.complete(null);
                }
            });
        });
        return stopped;
    }

    protected final boolean isRunning() {
        return running;
    }

    protected final void halt(long atNs) {
        if (running || stoppedAtNs == 0) {
            stoppedAtNs = atNs;
        }
        running = false;
    }

    /** The first word on when the queue drained wins: a close after the flush does not move it. */
    private void flushed(long atNs) {
        if (flushedAtNs == 0) {
            flushedAtNs = atNs;
        }
    }

    /**
     * How many of {@code wanted} bytes may be written now: all of them, fewer when the byte budget ends
     * within them, 0 to wait (a pacing wake-up is arranged), or -1 when the planned time or the budget is
     * spent (the sender has halted).
     */
    protected final int admit(int wanted) {
        if (stopAtNs != 0 && System.nanoTime() - stopAtNs >= 0) {
            halt(stopAtNs);
            return -1;
        }
        if (pacer != null) {
            long allowance = pacer.allowanceBytes(System.nanoTime());
            if (allowance < wanted) {
                wakeAfter(Math.max(MIN_PACING_DELAY_NS, pacer.delayNsFor(wanted, allowance)));
                return 0;
            }
        }
        if (budget != null) {
            int granted = budget.claim(wanted);
            if (granted == 0) {
                halt(System.nanoTime());
                onBudgetSpent.run();
                return -1;
            }
            return granted;
        }
        return wanted;
    }

    /** Tells the pacer what was just queued. */
    protected final void sent(int bytes) {
        if (pacer != null) {
            pacer.sent(bytes);
        }
    }

    /** Runs the write loop again after {@code delayNs}, unless a wake-up is pending already. */
    protected final void wakeAfter(long delayNs) {
        if (!pacingScheduled) {
            pacingScheduled = true;
            ctx.executor().schedule(pacingTask, delayNs, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            writeLoop();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // a sender ignores what the peer sends back
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        halt(System.nanoTime());
        flushed(stoppedAtNs);
        stopped.complete(null);
        ctx.fireChannelInactive();
    }

    private void writeLoop() {
        if (inLoop || !running) {
            return;
        }
        inLoop = true;
        try {
            Channel ch = ctx.channel();
            for (int round = 0; round < MAX_ROUNDS_PER_RUN; round++) {
                if (writeBatch(ch) == 0) {
                    return;
                }
                ctx.flush();
                if (!running || !ch.isWritable() || pacingScheduled) {
                    return;
                }
            }
            // Still writable after several rounds: let the loop's other channels and tasks run, then go on.
            if (!yieldScheduled) {
                yieldScheduled = true;
                ch.eventLoop().execute(writeTask);
            }
        } finally {
            inLoop = false;
        }
    }
}
