package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends datagrams of one size on a connected datagram channel, paced by a {@link RatePacer} (or as fast as
 * the channel stays writable), each stamped with a header by a {@link Stamper} the caller supplies (this
 * package knows no wire format).
 *
 * <p>Every datagram carries its own header, so one shared block cannot be queued many times as the TCP
 * sender does. Instead a ring of pre-filled pooled buffers is reused: a slot is stamped only when no write of
 * it is pending (its reference count is back to one). The ring holds more bytes than the channel's high
 * watermark, so the channel turns unwritable, and the sender pauses, before a slot it needs is still queued.
 * The steady state allocates nothing: a write is the retained slot itself with a void promise.
 *
 * <p>Threading: every method runs on the channel's event loop; {@link #start()} and {@link #stop(boolean)}
 * may be called from any thread and hop onto it.
 */
public final class UdpSender extends ChannelInboundHandlerAdapter implements DataSender {
    /** Queue bounds for a UDP sender: small, since a datagram socket's own buffer absorbs bursts. */
    public static final WriteBufferWaterMark WATERMARK = new WriteBufferWaterMark(256 * 1024, 512 * 1024);
    private static final int MAX_ROUNDS_PER_RUN = 8;
    private static final int WRITES_PER_ROUND = 64;
    private static final long MIN_PACING_DELAY_NS = TimeUnit.MICROSECONDS.toNanos(200);

    /** Writes the wire header into a datagram about to be sent. Called on the event loop, once per datagram. */
    @FunctionalInterface
    public interface Stamper {
        /**
         * @param datagram the datagram, readable from its reader index for its full size
         * @param sequence its sequence number, from 1
         * @param nowNs    {@link System#nanoTime()} at the send
         */
        void stamp(ByteBuf datagram, long sequence, long nowNs);
    }

    private final int datagramBytes;
    private final SingleWriterCounter bytesSent;
    private final SingleWriterCounter packetsSent;
    private final RatePacer pacer;
    private final ByteBudget budget;
    private final Runnable onBudgetSpent;
    private final Stamper stamper;
    private final ByteBuf[] ring;
    /** The yield's continuation; only it clears the flag, so other wake-ups never queue a second one. */
    private final Runnable writeTask = () -> {
        yieldScheduled = false;
        writeLoop();
    };
    private final Runnable pacingTask = () -> {
        this.pacingScheduled = false;
        writeLoop();
    };
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private ChannelHandlerContext ctx;
    private int next;
    private long sequence;
    private boolean running;
    private long stopAtNs;
    private volatile long stoppedAtNs;
    private boolean inLoop;
    private boolean pacingScheduled;
    private boolean yieldScheduled;

    /**
     * @param datagramBytes bytes per datagram ({@code -l}), header included
     * @param bytesSent     counter this sender alone writes to
     * @param packetsSent   datagram counter this sender alone writes to
     * @param pacer         rate limit, or null for as fast as possible
     * @param budget        shared byte budget of the test, or null for none
     * @param onBudgetSpent called once, on the event loop, when this sender finds the budget spent
     * @param stamper       writes each datagram's header
     */
    public UdpSender(int datagramBytes, SingleWriterCounter bytesSent, SingleWriterCounter packetsSent, RatePacer pacer,
                     ByteBudget budget, Runnable onBudgetSpent, Stamper stamper) {
        this.datagramBytes = datagramBytes;
        this.bytesSent = bytesSent;
        this.packetsSent = packetsSent;
        this.pacer = pacer;
        this.budget = budget;
        this.onBudgetSpent = onBudgetSpent;
        this.stamper = stamper;
        int slots = WATERMARK.high() / datagramBytes + 2;
        this.ring = new ByteBuf[slots];
        SplittableRandom random = new SplittableRandom();
        for (int i = 0; i < slots; i++) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(datagramBytes, datagramBytes);
            while (buf.writableBytes() >= 8) {
                buf.writeLong(random.nextLong()); // random so compressing links cannot flatter the result
            }
            while (buf.isWritable()) {
                buf.writeByte(random.nextInt());
            }
            ring[i] = buf;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().config().setWriteBufferWaterMark(WATERMARK);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        running = false;
        for (ByteBuf buf : ring) {
            buf.release(); // pending duplicates keep their slot alive until written
        }
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
    public long stoppedAtNs() {
        return stoppedAtNs;
    }

    private void halt(long atNs) {
        if (running || stoppedAtNs == 0) {
            stoppedAtNs = atNs;
        }
        running = false;
    }

    @Override
    public CompletableFuture<Void> stop(boolean halfClose) {
        Channel ch = ctx.channel();
        ch.eventLoop().execute(() -> {
            halt(System.nanoTime());
            if (!ch.isActive()) {
                stopped.complete(null);
                return;
            }
            // UDP has no half-close: the future completes once the queue has been flushed to the kernel
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                    .addListener((ChannelFutureListener) f -> stopped.complete(null));
        });
        return stopped;
    }

    /** Datagrams sent so far (owner thread's view). */
    public long sequence() {
        return sequence;
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
        ReferenceCountUtil.release(msg); // a sender ignores what comes back (e.g. a late connect reply)
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        halt(System.nanoTime());
        stopped.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable surfaces as a failed write or read on a connected datagram socket (the peer
        // went away); the control connection decides what that means, so the stream just keeps its count.
    }

    private void writeLoop() {
        if (inLoop || !running) {
            return;
        }
        inLoop = true;
        try {
            Channel ch = ctx.channel();
            for (int round = 0; round < MAX_ROUNDS_PER_RUN; round++) {
                int written = 0;
                while (running && written < WRITES_PER_ROUND && ch.isWritable()) {
                    if (!mayWriteNow()) {
                        break;
                    }
                    ByteBuf slot = ring[next];
                    if (slot.refCnt() != 1) {
                        break; // still queued: wait for the flush (see the class comment)
                    }
                    next = next + 1 == ring.length ? 0 : next + 1;
                    long now = System.nanoTime();
                    slot.setIndex(0, datagramBytes); // whole again, whatever a transport did to the indices
                    stamper.stamp(slot, ++sequence, now);
                    // the slot itself, retained, not a duplicate: a derived buffer makes NIO and io_uring build
                    // a new ByteBuffer view per write, while the slot caches its own
                    ctx.write(slot.retain(), ctx.voidPromise());
                    bytesSent.add(datagramBytes);
                    packetsSent.add(1);
                    if (pacer != null) {
                        pacer.sent(datagramBytes);
                    }
                    written++;
                }
                if (written == 0) {
                    if (running && ch.isWritable() && !pacingScheduled && ring[next].refCnt() != 1) {
                        schedulePacing(MIN_PACING_DELAY_NS); // a slot is still queued though writable: look again soon
                    }
                    return;
                }
                ctx.flush();
                if (!running || !ch.isWritable() || pacingScheduled) {
                    return;
                }
            }
            if (!yieldScheduled) { // still writable: let the loop's other channels and tasks run, then go on
                yieldScheduled = true;
                ch.eventLoop().execute(writeTask);
            }
        } finally {
            inLoop = false;
        }
    }

    /** Whether one more datagram may go now; arranges a wake-up when pacing says wait, stops on a spent budget. */
    private boolean mayWriteNow() {
        if (stopAtNs != 0 && System.nanoTime() - stopAtNs >= 0) {
            halt(stopAtNs);
            return false;
        }
        if (pacer != null) {
            long allowance = pacer.allowanceBytes(System.nanoTime());
            if (allowance < datagramBytes) {
                if (!pacingScheduled) {
                    schedulePacing(Math.max(MIN_PACING_DELAY_NS, pacer.delayNsFor(datagramBytes, allowance)));
                }
                return false;
            }
        }
        // Like iperf3, a byte limit sends whole datagrams until it is reached (the last one may overshoot it).
        if (budget != null && budget.claim(datagramBytes) == 0) {
            halt(System.nanoTime());
            onBudgetSpent.run();
            return false;
        }
        return true;
    }

    private void schedulePacing(long delayNs) {
        pacingScheduled = true;
        ctx.executor().schedule(pacingTask, delayNs, TimeUnit.NANOSECONDS);
    }
}
