package io.jloadgen.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(10)
class HostCpuTest {
    static String stat(long[] cpu0, long[] cpu1) {
        long[] all = new long[10];
        for (int i = 0; i < 10; i++) {
            all[i] = cpu0[i] + cpu1[i];
        }
        return "cpu  " + join(all) + "\ncpu0 " + join(cpu0) + "\ncpu1 " + join(cpu1)
                + "\nintr 1 2 3\nctxt 99\nbtime 1\n";
    }

    static String join(long[] v) {
        StringBuilder b = new StringBuilder();
        for (long x : v) {
            b.append(x).append(' ');
        }
        return b.toString().strip();
    }

    //                              user nice sys idle iowait irq softirq steal guest guest_nice
    static final long[] CPU0_T0 = {100, 0, 50, 800, 10, 5, 20, 15, 0, 0};
    static final long[] CPU1_T0 = {200, 0, 100, 600, 0, 0, 100, 0, 0, 0};

    @Test
    void parsesEveryModeOfEveryCpu() {
        ProcStat s = ProcStat.parse(stat(CPU0_T0, CPU1_T0));
        assertThat(s.perCpu()).hasSize(2);
        assertThat(s.onlineCpus()).isEqualTo(2);
        assertThat(s.perCpu().get(0)).isEqualTo(new CpuTimes(100, 0, 50, 800, 10, 5, 20, 15));
        assertThat(s.all().total()).isEqualTo(1000 + 1000);
        assertThat(s.all().busy()).isEqualTo(2000 - 1400 - 10);
    }

    @Test
    void readsThisMachine() {
        ProcStat s = ProcStat.read();
        assertThat(s.onlineCpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.all().total()).isPositive();
    }

    @Test
    void windowIsInPercentOfOneCpuWithIntervalsAndPerCpuModes() {
        // interval 1: cpu0 fully busy in softirq (100 ticks), cpu1 idle (100 ticks)
        long[] cpu0t1 = CPU0_T0.clone();
        cpu0t1[6] += 100;
        long[] cpu1t1 = CPU1_T0.clone();
        cpu1t1[3] += 100;
        // interval 2: both CPUs fully busy: cpu0 in system, cpu1 half user half steal
        long[] cpu0t2 = cpu0t1.clone();
        cpu0t2[2] += 100;
        long[] cpu1t2 = cpu1t1.clone();
        cpu1t2[0] += 50;
        cpu1t2[7] += 50;
        HostCpuWindow w = HostCpuWindow.of(List.of(ProcStat.parse(stat(CPU0_T0, CPU1_T0)),
                ProcStat.parse(stat(cpu0t1, cpu1t1)), ProcStat.parse(stat(cpu0t2, cpu1t2))));
        assertThat(w.intervalBusyPct()).containsExactly(100.0, 200.0);
        assertThat(w.busyPct()).isCloseTo(150.0, within(1e-9));
        assertThat(w.perCpuPct()).containsOnlyKeys("cpu0", "cpu1");
        assertThat(w.perCpuPct().get("cpu0")).isEqualTo(Map.of("user", 0.0, "nice", 0.0, "system", 50.0,
                "irq", 0.0, "softirq", 50.0, "steal", 0.0, "iowait", 0.0, "idle", 0.0));
        assertThat(w.perCpuPct().get("cpu1")).containsEntry("user", 25.0).containsEntry("steal", 25.0)
                .containsEntry("idle", 50.0);
    }

    /** Readings 1 s apart where cpu0 is busy in interval k for k*10 ticks of 100 and cpu1 idle. */
    static java.util.function.Supplier<ProcStat> scripted(Deque<ProcStat> readings, int count) {
        long[] a = CPU0_T0.clone();
        long[] b = CPU1_T0.clone();
        for (int k = 0; k < count; k++) {
            readings.add(ProcStat.parse(stat(a.clone(), b.clone())));
            a[0] += (k + 1) * 10L;
            a[3] += 100 - (k + 1) * 10L;
            b[3] += 100;
        }
        return readings::poll;
    }

    @Test
    void samplerKeepsTheLastWindowBeforeTheEnd() {
        long[] now = {0};
        Deque<ProcStat> readings = new ArrayDeque<>();
        HostCpuSampler sampler = new HostCpuSampler(scripted(readings, 7), () -> now[0]);
        sampler.start(3_600_000_000_000L); // reading at t=0; the test drives the boundaries below
        for (int s = 1; s <= 5; s++) {
            now[0] = s * 1_000_000_000L;
            sampler.take();
        }
        now[0] = 5_300_000_000L; // the clients ended 0.3 s after the last boundary; the window was 3 s
        HostCpuWindow w = sampler.stop(3_000_000_000L);
        // readings at 0..5 s; 5.3 s is under half an interval after the 5 s reading, so that one ends the
        // window; its start (5 s - 3 s) is the reading at 2 s: intervals 3, 4 and 5
        assertThat(w.intervalBusyPct()).containsExactly(30.0, 40.0, 50.0);
        assertThat(readings).hasSize(1); // no closing reading was taken
    }

    @Test
    void samplerAddsAClosingReadingWhenTheEndIsWellPastABoundary() {
        long[] now = {0};
        Deque<ProcStat> readings = new ArrayDeque<>();
        HostCpuSampler driven = new HostCpuSampler(scripted(readings, 3), () -> now[0]);
        driven.start(3_600_000_000_000L);
        now[0] = 3_600_000_000_000L / 2; // half an interval later: closing reading taken
        HostCpuWindow w = driven.stop(3_600_000_000_000L);
        assertThat(w.intervalBusyPct()).containsExactly(10.0);
    }

    @Test
    void samplerStoppedAtOnceHasNoWindow() {
        HostCpuSampler sampler = new HostCpuSampler(ProcStat::read, () -> 0L);
        sampler.start(1_000_000_000L);
        assertThat(sampler.stop(1_000_000_000L)).isNull();
    }

    @Test
    void hostInfoReadsThisMachine() {
        HostInfo info = HostInfo.read();
        assertThat(info.bootId()).matches("[0-9a-f-]{36}");
        assertThat(info.kernel()).isEqualTo(System.getProperty("os.version"));
        assertThat(info.cpus()).isPositive();
    }
}
