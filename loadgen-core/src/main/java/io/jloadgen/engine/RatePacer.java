package io.jloadgen.engine;

/**
 * Decides how many bytes a paced sender may write now, from the plan rather than from when the last write
 * ended (wrk2's lesson on coordinated omission): the allowance is {@code rate x elapsed - sent}, so a
 * sender that fell behind catches up and one that is ahead waits.
 *
 * <p>Threading: confined to the sender's event loop.
 */
public final class RatePacer {
    /** How much lost time a late sender may make up in one burst. */
    static final long MAX_CATCH_UP_NS = 20_000_000;

    private final double bytesPerNs;
    private long startNs = Long.MIN_VALUE;
    private long sentBytes;
    private long largestWrite;

    public RatePacer(long bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.bytesPerNs = bitsPerSecond / 8.0 / 1e9;
    }

    /**
     * Bytes that may be written at {@code nowNs} (negative when ahead of plan). A sender that fell far
     * behind (a stalled loop, a cold JIT) catches up by at most {@link #MAX_CATCH_UP_NS} of traffic at once,
     * so a later measured window does not run above the target rate.
     */
    public long allowanceBytes(long nowNs) {
        if (startNs == Long.MIN_VALUE) {
            startNs = nowNs;
        }
        long allowance = (long) ((nowNs - startNs) * bytesPerNs) - sentBytes;
        // never below two writes, or a large block at a low rate could never be sent
        long cap = Math.max((long) (MAX_CATCH_UP_NS * bytesPerNs), 2 * largestWrite);
        if (largestWrite > 0 && allowance > cap) {
            sentBytes += allowance - cap; // forgive the older debt
            allowance = cap;
        }
        return allowance;
    }

    public void sent(long bytes) {
        sentBytes += bytes;
        largestWrite = Math.max(largestWrite, bytes);
    }

    /** Nanoseconds until {@code bytes} more are allowed, given the allowance now. */
    public long delayNsFor(long bytes, long allowanceNow) {
        long missing = bytes - allowanceNow;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / bytesPerNs);
    }
}
