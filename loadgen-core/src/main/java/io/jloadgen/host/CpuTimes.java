package io.jloadgen.host;

/**
 * Cumulative time one CPU (or all of them) spent per mode since boot, in {@code /proc/stat} ticks.
 * {@code guest} and {@code guest_nice} are left out: the kernel already counts them in user and nice.
 */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {

    public long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    /** Everything but idle and iowait (a CPU waiting for I/O is idle). */
    public long busy() {
        return total() - idle - iowait;
    }

    /** The time spent between {@code earlier} and this snapshot. */
    public CpuTimes minus(CpuTimes earlier) {
        return new CpuTimes(user - earlier.user, nice - earlier.nice, system - earlier.system, idle - earlier.idle,
                iowait - earlier.iowait, irq - earlier.irq, softirq - earlier.softirq, steal - earlier.steal);
    }
}
