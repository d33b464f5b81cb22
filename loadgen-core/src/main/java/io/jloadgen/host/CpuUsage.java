package io.jloadgen.host;

/**
 * CPU used over a period, in % of one CPU (iperf3's {@code cpu_util_*} convention is % of the whole
 * machine; see {@link #ofWholeMachine}).
 */
public record CpuUsage(double totalPct, double userPct, double systemPct) {
    public static final CpuUsage UNKNOWN = new CpuUsage(0, 0, 0);
}
