package io.jloadgen.host;

/**
 * The whole host's CPU busy over a test, from two {@code /proc/stat} readings: where the kernel's network
 * work (softirq, backend threads) lands, which a process's own CPU misses.
 */
public final class HostCpuReading {
    private HostCpuReading() {
    }

    /** A reading now, or null where /proc/stat cannot be read (not Linux). */
    public static ProcStat now() {
        try {
            return ProcStat.read();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** All CPUs' busy time since {@code start}, % of one CPU; NaN without a start reading. */
    public static double busyPctSince(ProcStat start) {
        ProcStat end = start == null ? null : now();
        return end == null ? Double.NaN : HostCpuWindow.busyPctOfOneCpu(start, end);
    }
}
