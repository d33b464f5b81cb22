package io.jloadgen.engine;

import io.netty.channel.WriteBufferWaterMark;

import java.util.concurrent.TimeUnit;

/**
 * Sizes a TCP sender's write queue (its watermarks) to what the socket accepts in {@link #QUEUE_NS}. The queue
 * the session configures (megabytes, so the transport can gather large writes at tens of Gbit/s) holds seconds
 * on a slow link, and a test's end waits for it: 2 x 4 MiB through 20 Mbit/s ran a 5 s test for 8 s. At the
 * queue's writability changes (it only changes when the socket, not the sender, is the limit), the bytes the
 * socket accepted over the last {@link #RATE_WINDOW_NS} or more give its rate, and the high watermark becomes
 * that rate's {@link #QUEUE_NS}, between two blocks and the configured high. The rate is taken over a window,
 * not over one drain: the kernel frees its buffer in bursts, and a small queue then seems to drain at once.
 *
 * <p>Threading: the channel's event loop only. Allocates only when the watermarks change.
 */
final class WriteQueueSizer {
    /** How long the queue may take to drain: enough for a few event-loop turns, short next to a test. */
    static final long QUEUE_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** The shortest span a rate is taken over. */
    static final long RATE_WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(200);
    /** The queue never shrinks below this many blocks, so a write still has the next one behind it. */
    private static final int MIN_BLOCKS = 2;

    private final int minHighBytes;
    private WriteBufferWaterMark configured;
    private WriteBufferWaterMark current;
    private long windowStartNs;
    private long acceptedAtWindowStart;

    WriteQueueSizer(int blockSize) {
        this.minHighBytes = Math.max(64 * 1024, MIN_BLOCKS * blockSize);
    }

    /**
     * The channel's writability changed at {@code nowNs} under {@code watermark}, its socket having accepted
     * {@code acceptedBytes} since the connection began; returns the watermarks to set instead, or null to keep
     * them.
     */
    WriteBufferWaterMark writabilityChanged(WriteBufferWaterMark watermark, long acceptedBytes, long nowNs) {
        if (configured == null) {
            configured = watermark;
            current = watermark;
            windowStartNs = nowNs;
            acceptedAtWindowStart = acceptedBytes;
            return null;
        }
        long spanNs = nowNs - windowStartNs;
        if (spanNs < RATE_WINDOW_NS) {
            return null;
        }
        long wanted = (long) ((acceptedBytes - acceptedAtWindowStart) * (double) QUEUE_NS / spanNs);
        windowStartNs = nowNs;
        acceptedAtWindowStart = acceptedBytes;
        int high = (int) Math.max(Math.min(minHighBytes, configured.high()), Math.min(configured.high(), wanted));
        // within a factor of two of the present size is close enough: no churn, no allocation
        if (high == current.high() || (high > current.high() / 2 && high < current.high() * 2L
                && high != configured.high())) {
            return null;
        }
        current = high == configured.high() ? configured : new WriteBufferWaterMark(high / 2, high);
        return current;
    }
}
