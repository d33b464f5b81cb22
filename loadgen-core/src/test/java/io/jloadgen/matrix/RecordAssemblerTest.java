package io.jloadgen.matrix;

import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.host.HostInfo;
import io.jloadgen.stats.IntervalSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class RecordAssemblerTest {
    final MatrixSpec spec = SpecReader.parse(SpecReaderTest.MINIMAL.replace("port = 5301",
            "port = 5301\norder = \"shuffled\"\nseed = 99"));
    final HostInfo host = new HostInfo("dom0", "6.1.0-napi", "Intel Xeon X5650", 12, "b00t");

    @Test
    void environmentNamesHostKernelSpecTransportAndSeed() {
        Map<String, Object> env = RecordAssembler.environment(spec, spec.variant("big"), "f00d", host);
        assertThat(env).containsEntry("host", "dom0").containsEntry("kernel", "6.1.0-napi")
                .containsEntry("cpu_model", "Intel Xeon X5650").containsEntry("cpus", 12)
                .containsEntry("boot_id", "b00t").containsEntry("spec_sha256", "f00d")
                .containsEntry("transport", "nio").containsEntry("client_args", List.of("-w", "256K"))
                .containsEntry("order", "shuffled").containsEntry("seed", 99L)
                .containsKey("jloadgen_version");
        assertThat(env).doesNotContainKey("probe_period_ms");
    }

    @Test
    void aFailedRecordCarriesTheReasonTheAttemptsAndNoFigures() {
        RecordAssembler a = new RecordAssembler(spec, Map.of("host", "dom0"));
        ResultRecord r = a.failed(new TestKey("base", TestDirection.GUEST_TO_HOST, 2, 4, 3),
                Instant.parse("2026-01-02T03:04:05.678901Z"), "guest g2: connection refused", 3);
        assertThat(r.schema()).isEqualTo("jloadgen.result/1");
        assertThat(r.experiment()).isEqualTo("t");
        assertThat(r.direction()).isEqualTo("guest-to-host");
        assertThat(r.guests()).isEqualTo(2);
        assertThat(r.streams()).isEqualTo(4);
        assertThat(r.repeat()).isEqualTo(3);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo("guest g2: connection refused");
        assertThat(r.startedAt()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(r.durationS()).isEqualTo(5.0);
        assertThat(r.omitS()).isEqualTo(1.0);
        assertThat(r.throughputGbps()).isZero();
        assertThat(r.guestGbps()).isEmpty();
        assertThat(r.hostCpuPct()).isNull();
        assertThat(r.flags()).containsExactly("retried:2");
        assertThat(r.env()).containsEntry("host", "dom0");
    }

    @Test
    void probeFiguresAndThreadCpuGoIntoTheRecordAndAProbeErrorIsFlagged() {
        MatrixSpec probed = SpecReader.parse("latency_probe = true\n" + SpecReaderTest.MINIMAL);
        RecordAssembler a = new RecordAssembler(probed, Map.of("host", "dom0"));
        String g1 = """
                {"end": {"latency_probe": {"count": 98, "corrected_count": 100, "transactions_per_second": 98.0,
                  "rtt_us": {"min": 20.0, "mean": 55.5555, "stdev": 3.0, "p50": 50.0, "p90": 80.0, "p99": 120.0,
                             "p99_9": 150.0, "max": 151.0},
                  "hdr_histogram": "HISTFAAAA1"}}}""";
        String g2 = """
                {"end": {"latency_probe": {"count": 3, "rtt_us": {"p50": 70.0}, "hdr_histogram": "HISTFAAAA2",
                  "error": "probe connection reset"}}}""";
        ClientConfig c = ClientConfig.builder("127.0.0.2").build();
        TestMeasurement m = new TestMeasurement(Instant.parse("2026-01-02T03:04:05Z"),
                List.of(result(c, g1), result(c, g2)), null, 12.5, Map.of("vif*", 37.5));
        ResultRecord r = a.ok(new TestKey("base", TestDirection.HOST_TO_GUEST, 2, 1, 1), m, probed.guests(), 1);
        assertThat(r.guestLatencyUs()).containsExactly(
                Map.of("count", 98L, "mean", 55.556, "p50", 50.0, "p90", 80.0, "p99", 120.0, "p99_9", 150.0,
                        "max", 151.0),
                Map.of("count", 3L, "mean", 0.0, "p50", 70.0, "p90", 0.0, "p99", 0.0, "p99_9", 0.0, "max", 0.0));
        assertThat(r.guestLatencyHdr()).containsExactly("HISTFAAAA1", "HISTFAAAA2");
        assertThat(r.flags()).containsExactly("probe-error:g2");
        assertThat(r.hostThreadsPct()).containsExactly(Map.entry("vif*", 37.5));

        // without the probe the record has neither field
        ResultRecord plain = new RecordAssembler(spec, Map.of()).ok(
                new TestKey("base", TestDirection.HOST_TO_GUEST, 1, 1, 1),
                new TestMeasurement(Instant.EPOCH, List.of(result(c, "{}")), null, 1), spec.guests(), 1);
        assertThat(plain.guestLatencyUs()).isNull();
        assertThat(plain.guestLatencyHdr()).isNull();
        assertThat(plain.hostThreadsPct()).isNull();
    }

    private static TestResult result(ClientConfig c, String json) {
        List<IntervalSample> samples = List.of(new IntervalSample(0, 1, new long[] {125_000_000L}, false));
        return new TestResult(true, null, c.direction(), 1, "nio", 0, 1, 125_000_000L, 125_000_000L, 0L, samples,
                CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, json);
    }
}
