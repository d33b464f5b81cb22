package io.jloadgen.matrix;

import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.host.HostInfo;
import io.jloadgen.stats.IntervalSample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign's rules (order, hooks, retries, failures, resume, stop, adaptive repeats) with a scripted
 * {@link TestLauncher}: the traffic itself is covered by the end-to-end tests; here real hooks run and real
 * sockets on 127.0.0.x answer the readiness probe.
 */
@Timeout(60)
class CampaignRunnerTest {
    @TempDir
    Path dir;
    int port;
    final List<ControlAnswerer> guests = new ArrayList<>();
    final List<String> launched = Collections.synchronizedList(new ArrayList<>());
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void guestsUp() throws IOException {
        port = ControlAnswerer.freePort();
        guests.add(new ControlAnswerer("127.0.0.2", port));
        guests.add(new ControlAnswerer("127.0.0.3", port));
    }

    @AfterEach
    void guestsDown() throws IOException {
        for (ControlAnswerer g : guests) {
            g.close();
        }
    }

    String spec(String extra) {
        return """
                name = "logic"
                duration = "1s"
                omit = "0s"
                repeats = 2
                guest_counts = [1, 2]
                streams = [1, 2]
                directions = ["host-to-guest", "guest-to-host"]
                port = %d
                retries = 1
                selftest = false
                [[guests]]
                name = "g1"
                address = "127.0.0.2"
                [[guests]]
                name = "g2"
                address = "127.0.0.3"
                [hooks]
                start = "echo start {name} {index} {variant} >> %s"
                stop = "echo stop {name} >> %s"
                before_test = "echo test {direction} {guests} {streams} {repeat} >> %s"
                ready_timeout = "2s"
                timeout = "10s"
                [variants.base]
                check = "true"
                %s
                """.formatted(port, log(), log(), log(), extra);
    }

    Path log() {
        return dir.resolve("hooks.log");
    }

    /** A finished test moving {@code gbps} in each of its one-second intervals, one stream. */
    static TestResult okResult(ClientConfig c, double gbps) {
        long bytes = Math.round(gbps * 125_000_000L);
        List<IntervalSample> samples = List.of(new IntervalSample(0, 1, new long[] {bytes}, false));
        return new TestResult(true, null, c.direction(), c.streams(), "nio", 0, 1, bytes, bytes, 0L, samples,
                CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, "{}");
    }

    static TestResult failedResult(ClientConfig c, String error) {
        return new TestResult(false, error, c.direction(), c.streams(), "nio", 0, 0, 0, 0, null, List.of(),
                CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, null);
    }

    TestLauncher launcher(Function<ClientConfig, TestResult> script) {
        return (c, probe) -> {
            launched.add(c.host() + " " + c.direction() + " P" + c.streams());
            return CompletableFuture.completedFuture(script.apply(c));
        };
    }

    ProgressListener recorder() {
        return new ProgressListener() {
            @Override
            public void testRetrying(TestKey key, int attempt, String reason) {
                events.add("retry " + key + " after " + attempt + ": " + reason);
            }

            @Override
            public void testRecorded(TestKey key, ResultRecord record) {
                events.add("recorded " + key + " " + record.status());
            }
        };
    }

    CampaignOutcome run(MatrixSpec spec, ResultStore store, TestLauncher launcher, ProgressListener progress) {
        RecordAssembler assembler = new RecordAssembler(spec,
                RecordAssembler.environment(spec, spec.variant("base"), "abc", HostInfo.read()));
        return new CampaignRunner(spec, "base", store, new HookRunner(dir), progress, assembler, launcher).run();
    }

    @Test
    void runsThePlanInOrderWithGuestsUpPerSessionAndRecordsEachTestOnce() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec(""));
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            CampaignOutcome outcome = run(spec, store, launcher(c -> okResult(c, 2.5)), recorder());
            assertThat(outcome).isEqualTo(new CampaignOutcome(16, 0, 0, false, null));
            assertThat(store.records()).extracting(TestKey::of).containsExactlyElementsOf(
                    CampaignPlan.expand(spec, "base").tests());
            ResultRecord twoGuests = store.records().get(8);
            assertThat(twoGuests.guests()).isEqualTo(2);
            assertThat(twoGuests.guestGbps()).containsExactly(2.5, 2.5);
            assertThat(twoGuests.throughputGbps()).isEqualTo(5.0);
            assertThat(twoGuests.fairness()).isEqualTo(1.0);
            assertThat(twoGuests.flags()).isEmpty();
            assertThat(twoGuests.env()).containsEntry("spec_sha256", "abc").containsKeys("kernel", "boot_id", "host");
        }
        assertThat(Files.readAllLines(log())).containsExactly(
                "start g1 1 base", "test host-to-guest 1 1 1", "test guest-to-host 1 1 1",
                "test host-to-guest 1 2 1", "test guest-to-host 1 2 1", "stop g1",
                "start g1 1 base", "test host-to-guest 1 1 2", "test guest-to-host 1 1 2",
                "test host-to-guest 1 2 2", "test guest-to-host 1 2 2", "stop g1",
                "start g1 1 base", "start g2 2 base", "test host-to-guest 2 1 1", "test guest-to-host 2 1 1",
                "test host-to-guest 2 2 1", "test guest-to-host 2 2 1", "stop g2", "stop g1",
                "start g1 1 base", "start g2 2 base", "test host-to-guest 2 1 2", "test guest-to-host 2 1 2",
                "test host-to-guest 2 2 2", "test guest-to-host 2 2 2", "stop g2", "stop g1");
        // host-to-guest is the client sending, guest-to-host reverse mode, one client per guest
        assertThat(launched.subList(0, 4)).containsExactly("127.0.0.2 FORWARD P1", "127.0.0.2 REVERSE P1",
                "127.0.0.2 FORWARD P2", "127.0.0.2 REVERSE P2");
        assertThat(launched).hasSize(8 + 16);
    }

    @Test
    void aFailedAttemptIsRetriedAndTheRecordSaysSo() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec("").replace("guest_counts = [1, 2]", "guest_counts = [1]")
                .replace("repeats = 2", "repeats = 1"));
        int[] calls = {0};
        TestLauncher launcher = launcher(c -> ++calls[0] == 2 ? failedResult(c, "connection reset") : okResult(c, 1));
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            CampaignOutcome outcome = run(spec, store, launcher, recorder());
            assertThat(outcome).isEqualTo(new CampaignOutcome(4, 0, 0, false, null));
            assertThat(store.records()).extracting(ResultRecord::status).containsOnly("ok");
            assertThat(store.records().get(1).flags()).containsExactly("retried:1");
            assertThat(store.records().get(0).flags()).isEmpty();
        }
        assertThat(events).contains("retry base guest-to-host guests=1 streams=1 repeat=1 after 1: "
                + "guest g1: connection reset");
        assertThat(launched).hasSize(5);
    }

    @Test
    void aTestThatKeepsFailingIsRecordedFailedAndTheCampaignGoesOn() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec("").replace("guest_counts = [1, 2]", "guest_counts = [2]")
                .replace("repeats = 2", "repeats = 1").replace("streams = [1, 2]", "streams = [1]"));
        TestLauncher launcher = launcher(c -> c.host().equals("127.0.0.3") && c.direction() == Direction.FORWARD
                ? failedResult(c, "connection refused") : okResult(c, 1));
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            CampaignOutcome outcome = run(spec, store, launcher, recorder());
            assertThat(outcome).isEqualTo(new CampaignOutcome(1, 1, 0, false, null));
            ResultRecord failed = store.records().get(0);
            assertThat(failed.status()).isEqualTo("failed");
            assertThat(failed.error()).isEqualTo("guest g2: connection refused");
            assertThat(failed.flags()).containsExactly("retried:1");
            assertThat(failed.guestGbps()).isEmpty();
            assertThat(store.records().get(1).ok()).isTrue();
        }
    }

    @Test
    void resumeSkipsRecordedTestsAndDoesNotBootGuestsForADoneSession() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec(""));
        List<TestKey> plan = CampaignPlan.expand(spec, "base").tests();
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            // a killed campaign: session 1 done, session 2 half done
            CampaignOutcome first = run(spec, store, launcher(c -> okResult(c, 1)), new ProgressListener() {
                int n;

                @Override
                public void testRecorded(TestKey key, ResultRecord record) {
                    if (++n == 6) {
                        throw new IllegalStateException("simulated crash after 6 records");
                    }
                }
            });
            assertThat(first).isNull(); // not reached
        } catch (IllegalStateException e) {
            assertThat(e).hasMessage("simulated crash after 6 records");
        }
        Files.delete(log());
        launched.clear();
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            assertThat(store.records()).hasSize(6);
            CampaignOutcome outcome = run(spec, store, launcher(c -> okResult(c, 1)), ProgressListener.NONE);
            assertThat(outcome).isEqualTo(new CampaignOutcome(10, 0, 6, false, null));
            assertThat(store.records()).extracting(TestKey::of).containsExactlyElementsOf(plan);
        }
        assertThat(Files.readAllLines(log()).get(0)).isEqualTo("start g1 1 base");
        assertThat(Files.readAllLines(log()).get(1)).isEqualTo("test host-to-guest 1 2 2");
        assertThat(Files.readAllLines(log())).filteredOn(l -> l.startsWith("start")).hasSize(1 + 2 + 2);
    }

    @Test
    void aFailingHookStopsTheCampaignWithItsOutputAndGuestsAreStopped() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec("").replace("start = \"echo start {name} {index} {variant} >> ",
                "start = \"if [ {index} = 2 ]; then echo no such domain {name}; exit 3; fi; echo start {name} {index} {variant} >> "));
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            CampaignOutcome outcome = run(spec, store, launcher(c -> okResult(c, 1)), ProgressListener.NONE);
            assertThat(outcome.complete()).isFalse();
            assertThat(outcome.recordedOk()).isEqualTo(8);
            assertThat(outcome.hookFailure()).startsWith("hook 'start g2' exited with status 3")
                    .contains("no such domain g2");
            assertThat(store.records()).hasSize(8);
        }
        List<String> log = Files.readAllLines(log());
        assertThat(log.subList(log.size() - 3, log.size())).containsExactly("start g1 1 base", "stop g2", "stop g1");
    }

    @Test
    void aFailingCheckRunsNothing() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec("").replace("check = \"true\"", "check = \"echo kernel 6.1; false\""));
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            CampaignOutcome outcome = run(spec, store, launcher(c -> okResult(c, 1)), ProgressListener.NONE);
            assertThat(outcome.hookFailure()).startsWith("hook 'check base' exited with status 1")
                    .endsWith("kernel 6.1");
            assertThat(store.records()).isEmpty();
        }
        assertThat(launched).isEmpty();
        assertThat(log()).doesNotExist();
    }

    @Test
    void aGuestThatNeverAnswersFailsItsSessionsTestsAfterRetries() throws IOException {
        guests.remove(1).close(); // g2 has no server
        MatrixSpec spec = SpecReader.parse(spec("").replace("guest_counts = [1, 2]", "guest_counts = [2]")
                .replace("repeats = 2", "repeats = 1").replace("ready_timeout = \"2s\"", "ready_timeout = \"300ms\""));
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            CampaignOutcome outcome = run(spec, store, launcher(c -> okResult(c, 1)), ProgressListener.NONE);
            assertThat(outcome).isEqualTo(new CampaignOutcome(0, 4, 0, false, null));
            assertThat(store.records()).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo("failed");
                assertThat(r.error()).startsWith("guest not ready: 127.0.0.3:" + port + " not ready after 300ms");
            });
        }
        assertThat(launched).isEmpty();
        // started, then restarted once (retries = 1), then stopped
        assertThat(Files.readAllLines(log())).filteredOn(l -> l.equals("start g2 2 base")).hasSize(2);
    }

    @Test
    void aStopRequestEndsAfterTheRecordsThatFinishedAndStopsGuests() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec(""));
        CampaignRunner[] runner = new CampaignRunner[1];
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            RecordAssembler assembler = new RecordAssembler(spec, java.util.Map.of());
            runner[0] = new CampaignRunner(spec, "base", store, new HookRunner(dir), new ProgressListener() {
                @Override
                public void testRecorded(TestKey key, ResultRecord record) {
                    if (store.records().size() == 3) {
                        runner[0].requestStop();
                    }
                }
            }, assembler, launcher(c -> okResult(c, 1)));
            CampaignOutcome outcome = runner[0].run();
            assertThat(outcome).isEqualTo(new CampaignOutcome(3, 0, 0, true, null));
            assertThat(store.records()).hasSize(3);
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        List<String> log = Files.readAllLines(log());
        assertThat(log.get(log.size() - 1)).isEqualTo("stop g1");
    }

    @Test
    void theGeneratorCeilingIsMeasuredOnceKeptAndNearTestsFlagged() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec("").replace("selftest = false", "selftest = true")
                .replace("streams = [1, 2]", "streams = [1]").replace("repeats = 2", "repeats = 1"));
        int[] measured = {0};
        GeneratorCeiling fixed = transport -> {
            measured[0]++;
            return new GeneratorCeiling.Measured(4.0, "{\"throughput_gbps\":4.0}");
        };
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        ProgressListener progress = new ProgressListener() {
            @Override
            public void message(String line) {
                messages.add(line);
            }
        };
        Path file = dir.resolve("exp").resolve("base.jsonl");
        try (ResultStore store = ResultStore.open(file)) {
            new CampaignRunner(spec, "base", store, new HookRunner(dir), progress,
                    new RecordAssembler(spec, java.util.Map.of("host", "h")), launcher(c -> okResult(c, 2.5)), fixed).run();
            // 1 guest: 2.5 < 0.8 x 4.0; 2 guests: 5.0 >= 3.2
            assertThat(store.records()).extracting(r -> r.guests() + " " + r.flags()).containsExactly(
                    "1 []", "1 []", "2 [generator-bound]", "2 [generator-bound]");
            assertThat(store.records()).allSatisfy(r -> assertThat(r.env())
                    .containsEntry("generator_ceiling_gbps", 4.0).containsEntry("host", "h"));
        }
        assertThat(measured[0]).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("exp").resolve("base.selftest.json")).strip())
                .isEqualTo("{\"throughput_gbps\":4.0}");
        assertThat(messages).contains("selftest: 4.00 Gbit/s; tests above 3.20 are flagged generator-bound ("
                + dir.resolve("exp").resolve("base.selftest.json") + ")");
    }

    @Test
    void aFailingSelftestIsAWarningAndTheCampaignRuns() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec("").replace("selftest = false", "selftest = true")
                .replace("guest_counts = [1, 2]", "guest_counts = [1]").replace("repeats = 2", "repeats = 1"));
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        ProgressListener progress = new ProgressListener() {
            @Override
            public void message(String line) {
                messages.add(line);
            }
        };
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            CampaignOutcome outcome = new CampaignRunner(spec, "base", store, new HookRunner(dir), progress,
                    new RecordAssembler(spec, java.util.Map.of()), launcher(c -> okResult(c, 2.5)), transport -> {
                        throw new IllegalStateException("selftest measured test failed: connection refused");
                    }).run();
            assertThat(outcome.recordedOk()).isEqualTo(4);
            assertThat(store.records()).allSatisfy(r -> assertThat(r.env()).doesNotContainKey("generator_ceiling_gbps"));
        }
        assertThat(messages).contains(
                "warning: selftest failed, no generator ceiling: selftest measured test failed: connection refused");
    }

    @Test
    void adaptiveRepeatsAddRepeatsToWideCellsOnly() throws IOException {
        MatrixSpec spec = SpecReader.parse(spec("").replace("guest_counts = [1, 2]", "guest_counts = [1]")
                .replace("streams = [1, 2]", "streams = [1]").replace("directions = [\"host-to-guest\", \"guest-to-host\"]",
                        "directions = [\"host-to-guest\", \"guest-to-host\"]\nmax_repeats = 4\ntarget_ci_pct = 5"));
        // host-to-guest alternates 1, 3, 1, 3 (wide); guest-to-host is always 2 (no spread)
        int[] forward = {0};
        TestLauncher launcher = launcher(c -> c.direction() == Direction.FORWARD
                ? okResult(c, forward[0]++ % 2 == 0 ? 1 : 3) : okResult(c, 2));
        try (ResultStore store = ResultStore.open(dir.resolve("base.jsonl"))) {
            CampaignOutcome outcome = run(spec, store, launcher, ProgressListener.NONE);
            assertThat(outcome.recordedOk()).isEqualTo(2 + 2 + 2);
            assertThat(store.records()).extracting(TestKey::of).containsExactly(
                    new TestKey("base", TestDirection.HOST_TO_GUEST, 1, 1, 1),
                    new TestKey("base", TestDirection.GUEST_TO_HOST, 1, 1, 1),
                    new TestKey("base", TestDirection.HOST_TO_GUEST, 1, 1, 2),
                    new TestKey("base", TestDirection.GUEST_TO_HOST, 1, 1, 2),
                    new TestKey("base", TestDirection.HOST_TO_GUEST, 1, 1, 3),
                    new TestKey("base", TestDirection.HOST_TO_GUEST, 1, 1, 4));
        }
    }
}
