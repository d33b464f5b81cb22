package io.jloadgen.host;

/** CPU used over a period, in % of one CPU (may exceed 100 on several cores), as iperf3 reports it. */
public record CpuUsage(double totalPct, double userPct, double systemPct) {
    public static final CpuUsage UNKNOWN = new CpuUsage(0, 0, 0);
}
