package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.unix.Errors;

import java.io.IOException;
import java.util.function.Consumer;

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
 */
public final class UdpSender extends StreamSender {
    /** Queue bounds for a UDP sender: small, since a datagram socket's own buffer absorbs bursts. */
    public static final WriteBufferWaterMark WATERMARK = new WriteBufferWaterMark(256 * 1024, 512 * 1024);
    /** Linux's errno for a datagram too large to send whole (with Don't Fragment). */
    public static final int EMSGSIZE = 90;
    private static final int WRITES_PER_ROUND = 64;

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
    private final Stamper stamper;
    private final Consumer<String> onTooLarge;
    private boolean tooLarge;
    private final ByteBuf[] ring;

    private int next;
    private long sequence;

    /**
     * @param datagramBytes bytes per datagram ({@code -l}), header included
     * @param bytesSent     counter this sender alone writes to
     * @param packetsSent   datagram counter this sender alone writes to
     * @param pacer         rate limit, or null for as fast as possible
     * @param budget        shared byte budget of the test, or null for none
     * @param onBudgetSpent called once, on the event loop, when this sender finds the budget spent
     * @param stamper       writes each datagram's header
     * @param onTooLarge    called once, on the event loop, with why, when the kernel refuses a datagram for its size
     *                      (EMSGSIZE: above the path MTU with Don't Fragment set); iperf3 ends the test then
     */
    public UdpSender(int datagramBytes, SingleWriterCounter bytesSent, SingleWriterCounter packetsSent, RatePacer pacer,
                     ByteBudget budget, Runnable onBudgetSpent, Stamper stamper, Consumer<String> onTooLarge) {
        super(pacer, budget, onBudgetSpent);
        this.datagramBytes = datagramBytes;
        this.bytesSent = bytesSent;
        this.packetsSent = packetsSent;
        this.stamper = stamper;
        this.onTooLarge = onTooLarge;
        int slots = WATERMARK.high() / datagramBytes + 2;
        this.ring = new ByteBuf[slots];
        for (int i = 0; i < slots; i++) {
            ring[i] = randomBlock(datagramBytes);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        ctx.channel().config().setWriteBufferWaterMark(WATERMARK);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        super.handlerRemoved(ctx);
        for (ByteBuf buf : ring) {
            buf.release(); // pending duplicates keep their slot alive until written
        }
    }

    /** Datagrams sent so far (owner thread's view). */
    public long sequence() {
        return sequence;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable surfaces as a failed write or read on a connected datagram socket (the peer
        // went away); the control connection decides what that means, so the stream just keeps its count.
        // A datagram too large to leave whole is another matter: every one would fail the same way.
        if (!tooLarge && isTooLarge(cause)) {
            tooLarge = true;
            onTooLarge.accept("unable to write to stream socket: Message too long (" + datagramBytes
                    + "-byte datagrams exceed the path MTU, and Don't Fragment forbids splitting them)");
        }
    }

    private static boolean isTooLarge(Throwable cause) {
        if (cause instanceof Errors.NativeIoException e) {
            return e.expectedErr() == -EMSGSIZE;
        }
        return cause instanceof IOException && "Message too long".equals(cause.getMessage()); // NIO: the JDK's words
    }

    @Override
    protected int writeBatch(Channel ch) {
        int written = 0;
        // Like iperf3, a byte limit sends whole datagrams until it is reached (the last one may overshoot it).
        while (isRunning() && written < WRITES_PER_ROUND && ch.isWritable()) {
            ByteBuf slot = ring[next];
            if (slot.refCnt() != 1) { // still queued though writable (see the class comment): look again soon
                if (written == 0) {
                    wakeAfter(MIN_PACING_DELAY_NS);
                }
                break;
            }
            if (admit(datagramBytes) <= 0) { // checked after the slot, so no budget is claimed for a datagram not sent
                break;
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
            sent(datagramBytes);
            written++;
        }
        return written;
    }
}
