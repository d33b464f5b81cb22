package io.jloadgen.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Keeps the counter's value on a cache line of its own, so counters of neighbouring streams do not share one. */
abstract class SingleWriterCounterLeftPad {
    long p01, p02, p03, p04, p05, p06, p07;
}

abstract class SingleWriterCounterValue extends SingleWriterCounterLeftPad {
    long value;
}

abstract class SingleWriterCounterRightPad extends SingleWriterCounterValue {
    long p11, p12, p13, p14, p15, p16, p17;
}

/**
 * A monotonically growing count with exactly one writer thread (the event loop owning a stream) and any
 * number of readers (the interval reporter). The writer publishes with a release store, no CAS and no lock;
 * readers see a value at least as new as the last release they synchronised with.
 *
 * <p>Threading: {@link #add} from the owning thread only; {@link #getAcquire} from any thread.
 */
public final class SingleWriterCounter extends SingleWriterCounterRightPad {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SingleWriterCounterValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Adds {@code delta}; owner thread only. The owner's plain read of its own field is always current. */
    public void add(long delta) {
        VALUE.setRelease(this, value + delta);
    }

    /** The current value, from any thread. */
    public long getAcquire() {
        return (long) VALUE.getAcquire(this);
    }

    /** The value as the owner sees it (owner thread only). */
    public long plainGet() {
        return value;
    }
}
