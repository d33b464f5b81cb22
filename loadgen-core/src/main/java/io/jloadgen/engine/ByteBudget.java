package io.jloadgen.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a whole test may still send ({@code -n}, or {@code -k} times the block size), shared by the
 * streams of the test, which may run on different event loops: the one place where several writers
 * meet on the send path, so it is a single atomic claimed once per block, never per byte.
 */
public final class ByteBudget {
    private final AtomicLong remaining;

    public ByteBudget(long bytes) {
        this.remaining = new AtomicLong(bytes);
    }

    /** Claims up to {@code wanted} bytes; returns how many were granted (0 when the budget is spent). */
    public int claim(int wanted) {
        while (true) {
            long left = remaining.get();
            if (left <= 0) {
                return 0;
            }
            int granted = (int) Math.min(left, wanted);
            if (remaining.compareAndSet(left, left - granted)) {
                return granted;
            }
        }
    }

    public boolean exhausted() {
        return remaining.get() <= 0;
    }
}
