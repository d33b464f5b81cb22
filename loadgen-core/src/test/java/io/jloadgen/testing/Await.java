package io.jloadgen.testing;

import java.util.function.BooleanSupplier;

/** Bounded waiting for something another thread does, polled without busy-spinning. */
public final class Await {
    private Await() {
    }

    /** Waits up to {@code timeoutMs} for {@code condition}; fails with {@code what} if it never holds. */
    public static void until(long timeoutMs, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
