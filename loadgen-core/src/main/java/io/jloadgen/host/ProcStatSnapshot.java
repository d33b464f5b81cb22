package io.jloadgen.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * System-wide CPU time from the aggregate {@code cpu} line of {@code /proc/stat}, in clock ticks of 1/100 s
 * (Linux's USER_HZ). Busy is user + nice + system + irq + softirq + steal (guest time is already inside
 * user); idle is idle + iowait. Deliberately minimal, for {@code selftest}: the full per-CPU, per-mode
 * sampler belongs to the matrix work and should replace this when it lands.
 *
 * @param busyTicks all non-idle ticks of all CPUs since boot
 * @param idleTicks idle and iowait ticks of all CPUs since boot
 */
public record ProcStatSnapshot(long busyTicks, long idleTicks) {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final double TICKS_PER_SECOND = 100;

    /** Reads /proc/stat now, or returns null where it cannot be read (not Linux, no /proc). */
    public static ProcStatSnapshot read() {
        try {
            return parse(Files.readString(PROC_STAT));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses the text of /proc/stat; throws IllegalArgumentException when it has no aggregate cpu line. */
    public static ProcStatSnapshot parse(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 5) {
                    throw new IllegalArgumentException("/proc/stat: short cpu line: " + line);
                }
                long user = field(f, 1), nice = field(f, 2), system = field(f, 3), idle = field(f, 4);
                long iowait = field(f, 5), irq = field(f, 6), softirq = field(f, 7), steal = field(f, 8);
                return new ProcStatSnapshot(user + nice + system + irq + softirq + steal, idle + iowait);
            }
        }
        throw new IllegalArgumentException("/proc/stat: no aggregate cpu line");
    }

    private static long field(String[] f, int index) {
        return index < f.length ? Long.parseLong(f[index]) : 0;
    }

    /** CPU-seconds all CPUs were busy between {@code earlier} and this snapshot. */
    public double busySecondsSince(ProcStatSnapshot earlier) {
        return (busyTicks - earlier.busyTicks) / TICKS_PER_SECOND;
    }

    /** Share of all CPU time that was busy between {@code earlier} and this snapshot, 0..1. */
    public double busyFractionSince(ProcStatSnapshot earlier) {
        long busy = busyTicks - earlier.busyTicks;
        long all = busy + idleTicks - earlier.idleTicks;
        return all <= 0 ? 0 : (double) busy / all;
    }
}
