package io.jloadgen.engine;

/**
 * Decides how many bytes a paced sender may write now, from the plan rather than from when the last write
 * ended (wrk2's lesson on coordinated omission): the allowance is {@code rate x elapsed - sent}, so a
 * sender that fell behind catches up and one that is ahead waits.
 *
 * <p>Threading: confined to the sender's event loop.
 */
public final class RatePacer {
    private final double bytesPerNs;
    private long startNs = Long.MIN_VALUE;
    private long sentBytes;

    public RatePacer(long bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.bytesPerNs = bitsPerSecond / 8.0 / 1e9;
    }

    /** Bytes that may be written at {@code nowNs} (negative when ahead of plan). */
    public long allowanceBytes(long nowNs) {
        if (startNs == Long.MIN_VALUE) {
            startNs = nowNs;
        }
        return (long) ((nowNs - startNs) * bytesPerNs) - sentBytes;
    }

    public void sent(long bytes) {
        sentBytes += bytes;
    }

    /** Nanoseconds until {@code bytes} more are allowed, given the allowance now. */
    public long delayNsFor(long bytes, long allowanceNow) {
        long missing = bytes - allowanceNow;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / bytesPerNs);
    }
}
