package io.jloadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class CpuDetailTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sumsModesOverCpusAndSkipsTheAggregateLine() throws Exception {
        Map<String, Double> modes = CpuDetail.summedModes(JSON.readTree("""
                {"all":  {"user": 99, "system": 99},
                 "cpu0": {"user": 10, "system": 20, "softirq": 30, "irq": 1, "steal": 0.5, "idle": 38.5},
                 "cpu1": {"user": 5,  "system": 5,  "softirq": 60, "irq": 2, "steal": 0,   "idle": 28}}
                """));

        assertThat(modes).containsExactly(Map.entry("user", 15.0), Map.entry("system", 25.0),
                Map.entry("softirq", 90.0), Map.entry("irq", 3.0), Map.entry("steal", 0.5));
    }

    @Test
    void acceptsAnArrayOfCpus() throws Exception {
        Map<String, Double> modes = CpuDetail.summedModes(JSON.readTree("""
                [{"user": 1, "softirq": 2}, {"user": 3, "softirq": 4}]
                """));

        assertThat(modes).containsExactly(Map.entry("user", 4.0), Map.entry("softirq", 6.0));
    }

    @Test
    void missingDetailIsEmpty() {
        assertThat(CpuDetail.summedModes(null)).isEmpty();
        assertThat(CpuDetail.summedModes(JSON.nullNode())).isEmpty();
    }
}
