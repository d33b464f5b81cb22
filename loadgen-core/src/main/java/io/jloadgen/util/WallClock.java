package io.jloadgen.util;

/**
 * Wall-clock time in microseconds without allocating: the Unix time read once, advanced by
 * {@link System#nanoTime()}. For the timestamps iperf 2 puts on the wire (seconds and microseconds);
 * it does not follow clock steps made after start-up.
 */
public final class WallClock {
    private static final long BASE_UNIX_US = System.currentTimeMillis() * 1000;
    private static final long BASE_NANO = System.nanoTime();

    private WallClock() {
    }

    public static long micros() {
        return BASE_UNIX_US + (System.nanoTime() - BASE_NANO) / 1000;
    }
}
