package io.jloadgen.matrix;

import io.jloadgen.host.HostInfo;
import io.jloadgen.report.ReportFormat;
import io.jloadgen.report.ReportGenerator;
import io.jloadgen.report.ReportOptions;
import io.jloadgen.stats.LatencySummary;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny loopback campaign with local guests, the latency probe on and {@code [host] threads} watched, then the
 * report over its records: the probe's round trips travel from the clients through the records into
 * latency.csv and the latency figures.
 */
@Timeout(60)
class LatencyCampaignEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void probedCampaignRecordsLatencyAndThreadCpuAndTheReportDrawsLatency() throws Exception {
        int port = ControlAnswerer.freePort();
        MatrixSpec spec = SpecReader.parse("""
                name = "lat"
                duration = "1s"
                omit = "0s"
                repeats = 1
                guest_counts = [2]
                streams = [1]
                directions = ["host-to-guest"]
                port = %d
                retries = 0
                selftest = false
                probe_period = "5ms"
                [[guests]]
                name = "a"
                address = "127.0.0.2"
                local = true
                [[guests]]
                name = "b"
                address = "127.0.0.3"
                local = true
                [hooks]
                ready_timeout = "5s"
                [variants.base]
                client_args = ["-w", "1M"]
                [host]
                threads = ["jloadgen-server*", "no-such-thread-*"]
                """.formatted(port));
        // the probe comes from the command line, as `jloadgen matrix --latency-probe` gives it
        spec = new SpecOverrides(null, null, null, null, null, null, true).applyTo(spec);
        RecordAssembler assembler = new RecordAssembler(spec,
                RecordAssembler.environment(spec, spec.variant("base"), "lat", HostInfo.read()));
        Path results = dir.resolve("results");
        try (ResultStore store = ResultStore.open(ResultStore.fileFor(results, spec.name(), "base"))) {
            CampaignOutcome outcome = new CampaignRunner(spec, "base", store, new HookRunner(dir),
                    ProgressListener.NONE, assembler, TestLauncher.API).run();
            assertThat(store.records()).allSatisfy(r -> assertThat(r.error()).isNull());
            assertThat(outcome).isEqualTo(new CampaignOutcome(1, 0, 0, false, null));
            ResultRecord r = store.records().get(0);
            assertThat(r.flags()).noneMatch(f -> f.startsWith("probe-error"));
            assertThat(r.env()).containsEntry("probe_period_ms", 5.0);
            assertThat(r.guestLatencyUs()).hasSize(2).allSatisfy(g -> {
                assertThat(g).containsOnlyKeys("count", "mean", "p50", "p90", "p99", "p99_9", "max");
                // a 5 ms period over a 1 s window: about 200 round trips (fewer when replies come late)
                assertThat(((Number) g.get("count")).longValue()).isBetween(50L, 300L);
                assertThat(((Number) g.get("p50")).doubleValue()).isPositive();
                assertThat(((Number) g.get("p99")).doubleValue()).isGreaterThanOrEqualTo(((Number) g.get("p50")).doubleValue());
                assertThat(((Number) g.get("max")).doubleValue()).isGreaterThanOrEqualTo(((Number) g.get("p99")).doubleValue());
            });
            assertThat(r.guestLatencyHdr()).hasSize(2);
            for (int g = 0; g < 2; g++) {
                Histogram h = Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(Base64.getDecoder().decode(r.guestLatencyHdr().get(g))), 0);
                assertThat(h.getTotalCount()).isGreaterThanOrEqualTo(
                        ((Number) r.guestLatencyUs().get(g).get("count")).longValue());
                assertThat(LatencySummary.of(h.getTotalCount(), h, 1).p50Us())
                        .isEqualTo(((Number) r.guestLatencyUs().get(g).get("p50")).doubleValue());
            }
            Map<String, Double> threads = r.hostThreadsPct();
            assertThat(threads).containsOnlyKeys("jloadgen-server*", "no-such-thread-*");
            assertThat(threads.get("jloadgen-server*")).isPositive(); // the local guests' servers received the data
            assertThat(threads.get("no-such-thread-*")).isZero();
            // the line on disk carries the fields under their DESIGN.md names
            String line = Files.readAllLines(ResultStore.fileFor(results, spec.name(), "base")).get(0);
            assertThat(line).contains("\"guest_latency_us\":[{\"count\":", "\"guest_latency_hdr\":[\"",
                    "\"host_threads_pct\":{\"jloadgen-server*\":");
        }

        Path out = dir.resolve("report");
        new ReportGenerator().generate(new ReportOptions(results, out, null,
                java.util.EnumSet.of(ReportFormat.CSV, ReportFormat.SVG)));
        List<String> latency = Files.readAllLines(out.resolve("latency.csv"));
        assertThat(latency.get(0)).isEqualTo("variant,direction,guests,streams,n,p50_us,p90_us,p99_us,p99_9_us,max_us");
        assertThat(latency).hasSize(2);
        String[] row = latency.get(1).split(",");
        assertThat(row).hasSize(10);
        assertThat(List.of(row).subList(0, 5)).containsExactly("base", "host-to-guest", "2", "1", "1");
        for (int i = 5; i < 10; i++) {
            assertThat(Double.parseDouble(row[i])).as("column %d of %s", i, latency.get(1)).isPositive();
        }
        assertThat(out.resolve("latency-host-to-guest-1.svg")).isRegularFile();
    }
}
