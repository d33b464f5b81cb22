package io.jloadgen.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Host CPU over a measured window, computed from {@link ProcStat} readings taken at the window's start, at
 * every interval boundary and at its end. Percentages are "% of one CPU" (the reference experiment's
 * "% of one dom0 VCPU"), so 4 busy CPUs read 400.
 *
 * @param busyPct          all CPUs' busy time over the window, % of one CPU
 * @param intervalBusyPct  the same per interval between consecutive readings
 * @param perCpuPct        per CPU (by number), per mode, % of that CPU over the window
 */
public record HostCpuWindow(double busyPct, List<Double> intervalBusyPct, Map<String, Map<String, Double>> perCpuPct) {

    /** Computes the window from readings in time order; needs at least two. */
    public static HostCpuWindow of(List<ProcStat> readings) {
        if (readings.size() < 2) {
            throw new IllegalArgumentException("need readings at the start and end of the window");
        }
        ProcStat first = readings.get(0);
        ProcStat last = readings.get(readings.size() - 1);
        List<Double> intervals = new ArrayList<>();
        for (int i = 1; i < readings.size(); i++) {
            intervals.add(busyPctOfOneCpu(readings.get(i - 1), readings.get(i)));
        }
        Map<String, Map<String, Double>> perCpu = new LinkedHashMap<>();
        for (int cpu = 0; cpu < last.perCpu().size(); cpu++) {
            CpuTimes end = last.perCpu().get(cpu);
            CpuTimes start = cpu < first.perCpu().size() ? first.perCpu().get(cpu) : null;
            if (end != null && start != null) {
                perCpu.put("cpu" + cpu, modes(end.minus(start)));
            }
        }
        return new HostCpuWindow(busyPctOfOneCpu(first, last), List.copyOf(intervals), perCpu);
    }

    /**
     * Busy share of all CPUs times the number of CPUs, so the unit is one CPU. Ratios of ticks, not ticks over
     * wall time: no USER_HZ needed, and a reading taken late does not inflate the result.
     */
    static double busyPctOfOneCpu(ProcStat from, ProcStat to) {
        CpuTimes d = to.all().minus(from.all());
        long total = d.total();
        return total <= 0 ? 0 : 100.0 * d.busy() / total * Math.max(1, to.onlineCpus());
    }

    private static Map<String, Double> modes(CpuTimes d) {
        double total = d.total();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("user", pct(d.user(), total));
        m.put("nice", pct(d.nice(), total));
        m.put("system", pct(d.system(), total));
        m.put("irq", pct(d.irq(), total));
        m.put("softirq", pct(d.softirq(), total));
        m.put("steal", pct(d.steal(), total));
        m.put("iowait", pct(d.iowait(), total));
        m.put("idle", pct(d.idle(), total));
        return m;
    }

    private static double pct(long part, double total) {
        return total <= 0 ? 0 : Math.round(10000.0 * part / total) / 100.0;
    }
}
