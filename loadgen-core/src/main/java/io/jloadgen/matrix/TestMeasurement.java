package io.jloadgen.matrix;

import io.jloadgen.api.TestResult;
import io.jloadgen.host.HostCpuWindow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one multi-guest test produced before it becomes a record.
 *
 * @param startedAt       when the clients were started
 * @param results         per guest, in guest order; all ok
 * @param hostCpu         host CPU over the measured window (the last {@code duration} before the clients ended);
 *                        null if the test was too short to sample
 * @param generatorCpuPct this process's CPU over the whole test (warm-up included), % of one CPU
 * @param hostThreadsPct  per {@code [host] threads} pattern, its threads' CPU over the measured window, % of one
 *                        CPU; null without patterns or when the test was too short to sample
 */
public record TestMeasurement(Instant startedAt, List<TestResult> results, HostCpuWindow hostCpu,
                              double generatorCpuPct, Map<String, Double> hostThreadsPct) {

    public TestMeasurement(Instant startedAt, List<TestResult> results, HostCpuWindow hostCpu, double generatorCpuPct) {
        this(startedAt, results, hostCpu, generatorCpuPct, null);
    }
}
