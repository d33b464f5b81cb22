package io.jloadgen.matrix;

import io.jloadgen.host.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole campaigns with real traffic over loopback addresses 127.0.0.x, through {@code api.Client}. */
@Timeout(120)
class MatrixEndToEndTest {
    @TempDir
    Path dir;

    CampaignOutcome run(MatrixSpec spec, ResultStore store, ProgressListener progress) {
        RecordAssembler assembler = new RecordAssembler(spec,
                RecordAssembler.environment(spec, spec.variant("base"), "e2e", HostInfo.read()));
        return new CampaignRunner(spec, "base", store, new HookRunner(dir), progress, assembler, TestLauncher.API).run();
    }

    @Test
    void localGuestsCampaignRecordsRealThroughputPerGuestAndInterval() throws IOException {
        int port = ControlAnswerer.freePort();
        MatrixSpec spec = SpecReader.parse("""
                name = "e2e"
                duration = "2s"
                omit = "1s"
                repeats = 1
                guest_counts = [2]
                streams = [1, 2]
                directions = ["host-to-guest", "guest-to-host"]
                port = %d
                retries = 0
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
                """.formatted(port));
        try (ResultStore store = ResultStore.open(ResultStore.fileFor(dir, spec.name(), "base"))) {
            CampaignOutcome outcome = run(spec, store, ProgressListener.NONE);
            assertThat(store.records()).allSatisfy(r -> assertThat(r.error()).isNull());
            assertThat(outcome).isEqualTo(new CampaignOutcome(4, 0, 0, false, null));
            // the selftest ran first: its ceiling is in every record and beside the results
            assertThat(dir.resolve("e2e").resolve("base.selftest.json")).content().contains("\"throughput_gbps\"");
            for (ResultRecord r : store.records()) {
                assertThat(((Number) r.env().get("generator_ceiling_gbps")).doubleValue()).isPositive();
                assertThat(r.schema()).isEqualTo("jloadgen.result/1");
                assertThat(r.guests()).isEqualTo(2);
                assertThat(r.guestGbps()).hasSize(2).allSatisfy(g -> assertThat(g).isPositive());
                assertThat(r.throughputGbps()).isCloseTo(r.guestGbps().get(0) + r.guestGbps().get(1),
                        org.assertj.core.api.Assertions.within(1e-5));
                assertThat(r.guestIntervalsGbps()).hasSize(2).allSatisfy(series -> assertThat(series).hasSize(2));
                assertThat(r.durationS()).isBetween(1.9, 2.5);
                assertThat(r.omitS()).isEqualTo(1.0);
                assertThat(r.intervalS()).isEqualTo(1.0);
                assertThat(r.hostCpuPct()).isPositive();
                assertThat(r.hostCpuIntervalsPct()).hasSizeBetween(2, 3);
                assertThat(r.hostCpuDetail().has("cpu0")).isTrue();
                assertThat(r.generatorCpuPct()).isPositive();
                assertThat(r.fairness()).isBetween(0.5, 1.0);
                assertThat(r.env()).containsEntry("spec_sha256", "e2e").containsEntry("transport", "auto");
            }
        }
    }

    @Test
    void stockIperf3GuestKilledMidTestIsRestartedAndTheTestRetried() throws Exception {
        int port = ControlAnswerer.freePort();
        Path pids = Files.createDirectories(dir.resolve("pids"));
        MatrixSpec spec = SpecReader.parse("""
                name = "kill"
                duration = "3s"
                omit = "0s"
                repeats = 1
                guest_counts = [1]
                streams = [1]
                directions = ["host-to-guest"]
                port = %1$d
                retries = 2
                selftest = false
                [[guests]]
                name = "k1"
                address = "127.0.0.4"
                [hooks]
                start = "iperf3 -s -B {address} -p %1$d -D -I %2$s/{name}.pid; echo started >> %2$s/{name}.log"
                stop = "kill $(cat %2$s/{name}.pid) 2>/dev/null; sleep 0.2; true"
                ready_timeout = "10s"
                [variants.base]
                """.formatted(port, pids));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        ProgressListener killOnFirstAttempt = new ProgressListener() {
            @Override
            public void testStarted(TestKey key, int attempt) {
                events.add("attempt " + attempt);
                if (attempt == 1) {
                    // the guest vanishes one second into the test
                    Thread killer = new Thread(() -> {
                        try {
                            Thread.sleep(1000);
                            String pid = Files.readString(pids.resolve("k1.pid")).strip();
                            new ProcessBuilder("kill", "-9", pid).start().waitFor();
                        } catch (Exception e) {
                            events.add("killer failed: " + e);
                        }
                    });
                    killer.setDaemon(true);
                    killer.start();
                }
            }

            @Override
            public void testRetrying(TestKey key, int attempt, String reason) {
                events.add("retry after " + attempt);
                reasons.add(reason);
            }
        };
        try (ResultStore store = ResultStore.open(ResultStore.fileFor(dir, spec.name(), "base"))) {
            CampaignOutcome outcome = run(spec, store, killOnFirstAttempt);
            assertThat(store.records().get(0).error()).as("events %s", events).isNull();
            assertThat(reasons).hasSize(1);
            assertThat(outcome).isEqualTo(new CampaignOutcome(1, 0, 0, false, null));
            ResultRecord r = store.records().get(0);
            assertThat(r.ok()).isTrue();
            assertThat(r.flags()).contains("retried:1");
            assertThat(r.throughputGbps()).isPositive();
        }
        assertThat(events).containsExactly("attempt 1", "retry after 1", "attempt 2");
        // started for the session, restarted after the kill
        assertThat(Files.readAllLines(pids.resolve("k1.log"))).containsExactly("started", "started");
    }
}
