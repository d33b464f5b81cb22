package io.jloadgen.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's own CPU time (user + system, all threads) from {@code /proc/self/stat}. It misses the
 * network work the kernel does in softirq context on other tasks' behalf, which is why a campaign records it
 * apart from host CPU. To be merged into the process-CPU class of {@code host} when that lands.
 */
public final class SelfCpuTime {
    /** USER_HZ: the unit of /proc/PID/stat times, fixed at 100 in the Linux ABI on every architecture we run on. */
    static final long TICKS_PER_SECOND = 100;

    private SelfCpuTime() {
    }

    /** CPU time used so far in nanoseconds, or -1 when /proc is not there. */
    public static long nanos() {
        try {
            return parseNanos(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime and stime are fields 14 and 15; counted after the last ')' since the command name may hold spaces. */
    static long parseNanos(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]
        long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }
}
