package io.jloadgen.host;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's CPU time, user and system apart, from {@code /proc/self/stat} (clock ticks of 1/100 s,
 * Linux's USER_HZ), falling back to the JVM's total when /proc is missing. iperf3 reports a process's CPU
 * as {@code (user + system) / wall time x 100}: % of one CPU.
 */
public final class ProcessCpu {
    private static final double TICK_NS = 1e9 / 100;
    private static final Path SELF_STAT = Path.of("/proc/self/stat");

    /** A reading: CPU nanoseconds so far and the wall clock it was taken at. */
    public record Reading(long userNs, long systemNs, long wallNs) {
    }

    private ProcessCpu() {
    }

    public static Reading read() {
        long wall = System.nanoTime();
        try {
            String stat = Files.readString(SELF_STAT);
            // The command name (field 2) may hold spaces: parse after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return new Reading((long) (utime * TICK_NS), (long) (stime * TICK_NS), wall);
        } catch (IOException | RuntimeException e) {
            var os = ManagementFactory.getOperatingSystemMXBean();
            long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            return new Reading(Math.max(0, total), 0, wall);
        }
    }

    /** CPU used between two readings, % of one CPU. */
    public static CpuUsage between(Reading from, Reading to) {
        double wall = to.wallNs() - from.wallNs();
        if (wall <= 0) {
            return CpuUsage.UNKNOWN;
        }
        double user = (to.userNs() - from.userNs()) / wall * 100;
        double system = (to.systemNs() - from.systemNs()) / wall * 100;
        return new CpuUsage(user + system, user, system);
    }
}
