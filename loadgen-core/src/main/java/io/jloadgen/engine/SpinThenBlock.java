package io.jloadgen.engine;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

/**
 * An event loop's wait that polls without blocking for up to a time limit after its last event, then
 * blocks as usual, as the kernel's {@code net.core.busy_read} does for one socket. A loop that never
 * sleeps between a request and its reply takes no wake-up on the reply path: on a virtual machine that
 * wake-up of an idle vCPU is most of a loopback round trip. Costs one CPU while spinning.
 *
 * <p>Threading: one instance per event loop, used only by it.
 */
public final class SpinThenBlock implements SelectStrategy {
    private static final long NOT_IDLE = Long.MIN_VALUE;

    private final long spinNs;
    private long idleSinceNs = NOT_IDLE;

    private SpinThenBlock(long spinNs) {
        this.spinNs = spinNs;
    }

    /** A factory giving each event loop its own strategy; {@code spinNs} > 0. */
    public static SelectStrategyFactory factory(long spinNs) {
        if (spinNs <= 0) {
            throw new IllegalArgumentException("spin time must be positive: " + spinNs);
        }
        return () -> new SpinThenBlock(spinNs);
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        if (ready > 0 || hasTasks) {
            idleSinceNs = NOT_IDLE;
            return ready;
        }
        long now = System.nanoTime();
        if (idleSinceNs == NOT_IDLE) {
            idleSinceNs = now;
        }
        if (now - idleSinceNs < spinNs) {
            Thread.onSpinWait();
            return SelectStrategy.CONTINUE;
        }
        idleSinceNs = NOT_IDLE;
        return SelectStrategy.SELECT;
    }
}
