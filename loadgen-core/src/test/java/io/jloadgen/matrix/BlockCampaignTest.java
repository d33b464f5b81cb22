package io.jloadgen.matrix;

import io.jloadgen.host.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --all} end to end with real processes: a local guest on 127.0.0.2, two variants whose {@code switch} writes
 * a state file that their {@code check} reads, blocks A B B A.
 */
@Timeout(120)
class BlockCampaignTest {
    @TempDir
    Path dir;
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    final ProgressListener progress = new ProgressListener() {
        @Override
        public void message(String line) {
            messages.add(line);
        }
    };

    Path state() {
        return dir.resolve("state");
    }

    /** Variant a is the state "a" or no state at all (the first run); b is the state "b". */
    MatrixSpec spec(String switchB, String extra) throws IOException {
        return SpecReader.parse("""
                name = "ab"
                duration = "1s"
                omit = "0s"
                repeats = 1
                guest_counts = [1]
                streams = [1]
                directions = ["host-to-guest"]
                port = %d
                retries = 0
                selftest = false
                blocks = ["a", "b", "b", "a"]
                %s
                [[guests]]
                name = "g1"
                address = "127.0.0.2"
                local = true
                [hooks]
                ready_timeout = "5s"
                [variants.a]
                check = "[ \\"$(cat %3$s 2>/dev/null || echo a)\\" = a ]"
                switch = "echo a > %3$s"
                [variants.b]
                check = "grep -qx b %3$s"
                switch = "%4$s"
                """.formatted(ControlAnswerer.freePort(), extra, state(), switchB.replace("STATE", state().toString())));
    }

    BlockCampaign campaign(MatrixSpec spec, String kernel) {
        return new BlockCampaign(spec, "sha", dir, () -> new HostInfo("h", kernel, "cpu", 2, "boot-" + kernel));
    }

    CampaignOutcome run(MatrixSpec spec, boolean resume, String kernel) throws IOException {
        return campaign(spec, kernel).run(resume, progress, dir);
    }

    List<ResultRecord> records(String variant) throws IOException {
        return ResultStore.readRecords(dir.resolve("ab").resolve(variant + ".jsonl"));
    }

    @Test
    void abbaRunsEveryBlockSwitchingInProcessWithRepeatsCountedPerVariant() throws IOException {
        MatrixSpec spec = spec("echo b > STATE", "");
        CampaignOutcome outcome = run(spec, false, "k1");
        assertThat(outcome).as("messages %s", messages).isEqualTo(new CampaignOutcome(4, 0, 0, false, null));
        assertThat(records("a")).extracting(ResultRecord::block, ResultRecord::repeat, ResultRecord::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1, true), org.assertj.core.groups.Tuple.tuple(4, 2, true));
        assertThat(records("b")).extracting(ResultRecord::block, ResultRecord::repeat)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 1), org.assertj.core.groups.Tuple.tuple(3, 2));
        assertThat(records("b").get(0).env()).containsEntry("kernel", "k1").containsEntry("boot_id", "boot-k1");
        assertThat(Files.readString(state()).strip()).isEqualTo("a");

        // two switches, journalled with the boot they ran in
        List<SwitchJournal.Entry> switches = SwitchJournal.read(dir.resolve("ab").resolve("switches.journal")).entries();
        assertThat(switches).extracting(SwitchJournal.Entry::block, SwitchJournal.Entry::from, SwitchJournal.Entry::to,
                SwitchJournal.Entry::attempt, SwitchJournal.Entry::bootId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "a", "b", 1, "boot-k1"),
                org.assertj.core.groups.Tuple.tuple(4, "b", "a", 1, "boot-k1"));

        // the plan on disk: every test with its block and position
        PlanFile plan = PlanFile.read(dir.resolve("ab").resolve("plan.json"));
        assertThat(plan.tests()).extracting(TestKey::variant, TestKey::block, TestKey::repeat).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 1, 1), org.assertj.core.groups.Tuple.tuple("b", 2, 1),
                org.assertj.core.groups.Tuple.tuple("b", 3, 2), org.assertj.core.groups.Tuple.tuple("a", 4, 2));
        assertThat(Files.readString(dir.resolve("ab").resolve("plan.json"))).contains("\"position\" : 4");
        try (Stream<Path> files = Files.list(dir.resolve("ab"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("plan.json", "switches.journal", "a.jsonl", "b.jsonl");
        }

        StringWriter text = new StringWriter();
        CampaignStatus.read(dir.resolve("ab")).print(new PrintWriter(text));
        assertThat(text.toString()).contains("4 blocks, 4 tests").contains("total: 4 ok, 0 failed, 0 pending")
                .contains("switches: 2; last: block 4, b -> a").contains("complete");

        // a finished campaign resumed does nothing, and switches nothing
        assertThat(run(spec, true, "k1")).isEqualTo(new CampaignOutcome(0, 0, 4, false, null));
        assertThat(SwitchJournal.read(dir.resolve("ab").resolve("switches.journal")).entries()).hasSize(2);
    }

    @Test
    void aSwitchThatDoesNotReachItsVariantStopsAndTwoAttemptsAreTheLimitAcrossRuns() throws IOException {
        MatrixSpec spec = spec("echo switching to b, not really", "");
        CampaignOutcome first = run(spec, false, "k1");
        assertThat(first.recordedOk()).isEqualTo(1);
        assertThat(first.hookFailure()).isEqualTo("switch to variant 'b' did not reach it: its check 'grep -qx b "
                + state() + "' still fails (exit 2: grep: " + state() + ": No such file or directory)");

        // the resume at the next boot tries once more ...
        CampaignOutcome second = run(spec, true, "k1");
        assertThat(second.recordedOk()).isZero();
        assertThat(second.skipped()).isEqualTo(1);
        assertThat(second.hookFailure()).startsWith("switch to variant 'b' did not reach it");
        // ... and then no more: no reboot loop
        CampaignOutcome third = run(spec, true, "k1");
        assertThat(third.hookFailure()).startsWith("block 2 (b): 2 switch attempts did not reach the variant, the "
                + "system is still in 'a'");
        assertThat(third.hookFailure()).contains("then run 'jloadgen matrix reset-switches "
                + dir.resolve("ab").toAbsolutePath() + "' and resume");
        assertThat(SwitchJournal.read(dir.resolve("ab").resolve("switches.journal")).entries())
                .extracting(SwitchJournal.Entry::attempt).containsExactly(1, 2);
        assertThat(records("b")).isEmpty();
        assertThat(records("a")).hasSize(1);
        assertThat(status()).contains("block 2: its 2 switch attempts are used up; once the switch is fixed: "
                + "jloadgen matrix reset-switches");
    }

    @Test
    void resetSwitchesGivesAStoppedBlockNewAttemptsAndTheFixedSwitchThenRuns() throws IOException {
        MatrixSpec broken = spec("echo switching to b, not really", "");
        run(broken, false, "k1");
        run(broken, true, "k1");
        assertThat(run(broken, true, "k1").hookFailure()).startsWith("block 2 (b): 2 switch attempts");
        Path campaignDir = dir.resolve("ab");

        assertThat(SwitchResets.reset(campaignDir, null)).containsExactly(
                "block 2 (b): 2 switch attempts forgotten; the next resume may switch 2 more times");
        assertThat(SwitchResets.reset(campaignDir, null)).as("nothing left to reset").isEmpty();
        SwitchJournal journal = SwitchJournal.read(campaignDir.resolve("switches.journal"));
        assertThat(journal.attempts(2)).isZero();
        assertThat(journal.entries()).extracting(SwitchJournal.Entry::reset).containsExactly(false, false, true);
        assertThat(status()).doesNotContain("used up");

        // still broken: two more attempts, then the stop again (the reset is no way into a reboot loop)
        assertThat(run(broken, true, "k1").hookFailure()).startsWith("switch to variant 'b' did not reach it");
        assertThat(run(broken, true, "k1").hookFailure()).startsWith("switch to variant 'b' did not reach it");
        assertThat(run(broken, true, "k1").hookFailure()).startsWith("block 2 (b): 2 switch attempts");

        // fixed: reset, resume, and every block runs
        SwitchResets.reset(campaignDir, null);
        CampaignOutcome fixed = run(spec("echo b > STATE", ""), true, "k1");
        assertThat(fixed.hookFailure()).isNull();
        assertThat(records("a")).hasSize(2);
        assertThat(records("b")).hasSize(2);
        assertThat(SwitchJournal.read(campaignDir.resolve("switches.journal")).entries())
                .extracting(e -> e.reset() ? "reset" : "attempt " + e.attempt())
                .containsExactly("attempt 1", "attempt 2", "reset", "attempt 1", "attempt 2", "reset", "attempt 1",
                        "attempt 1");
    }

    @Test
    void resetSwitchesNeedsACampaignDirectoryAndABlockOfItsPlan() throws IOException {
        assertThatThrownBy(() -> SwitchResets.reset(dir, null)).isInstanceOf(SpecException.class)
                .hasMessageContaining("has no plan.json");
        run(spec("echo b > STATE", ""), false, "k1");
        assertThatThrownBy(() -> SwitchResets.reset(dir.resolve("ab"), 5)).isInstanceOf(SpecException.class)
                .hasMessageContaining("the plan has blocks 1 to 4, not 5");
        // a block named explicitly is reset whatever its attempts
        assertThat(SwitchResets.reset(dir.resolve("ab"), 2)).containsExactly(
                "block 2 (b): 1 switch attempt forgotten; the next resume may switch 2 more times");
    }

    String status() throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        CampaignStatus.read(dir.resolve("ab")).print(new java.io.PrintWriter(text));
        return text.toString();
    }

    @Test
    void aSystemMatchingNoVariantOrSeveralIsStoppedBeforeAnyTestIsRecorded() throws IOException {
        Files.writeString(state(), "c\n");
        CampaignOutcome none = run(spec("echo b > STATE", ""), false, "k1");
        assertThat(none.hookFailure()).startsWith("the system matches no variant: every variant's check fails")
                .contains("\n  b: grep -qx b " + state() + " -> exit 1 (no output)");
        assertThat(none.recordedOk() + none.recordedFailed()).isZero();
        assertThat(records("a")).isEmpty();

        Files.writeString(state(), "b\n");
        MatrixSpec both = SpecReader.parse(specText("true"));
        CampaignOutcome several = run(both, true, "k1");
        assertThat(several.hookFailure()).startsWith("the system matches several variants (a, b)");
        assertThat(records("a")).isEmpty();
        assertThat(records("b")).isEmpty();
    }

    /** The spec with a's check replaced. */
    String specText(String checkA) {
        return """
                name = "ab"
                duration = "1s"
                repeats = 1
                guest_counts = [1]
                streams = [1]
                directions = ["host-to-guest"]
                selftest = false
                blocks = ["a", "b", "b", "a"]
                [[guests]]
                name = "g1"
                address = "127.0.0.2"
                local = true
                [variants.a]
                check = "%s"
                switch = "echo a > %2$s"
                [variants.b]
                check = "grep -qx b %2$s"
                switch = "echo b > %2$s"
                """.formatted(checkA, state());
    }

    @Test
    void aResumedVariantOnAnotherKernelStops() throws IOException {
        // block 1 under kernel k1; the switch to b never arrives
        assertThat(run(spec("true", ""), false, "k1").hookFailure()).startsWith("switch to variant 'b' did not reach");
        // now b is reached, on another kernel: b has no records yet, so its blocks run; a's block 4 must not
        Files.writeString(state(), "b\n");
        CampaignOutcome o = run(spec("echo b > STATE", ""), true, "k2");
        assertThat(o.recordedOk()).as("messages %s", messages).isEqualTo(2);
        assertThat(o.hookFailure()).startsWith("variant 'a': its check passes, but this system runs kernel k2 and the "
                + "variant's earlier records (block 1, ").endsWith(") were made under kernel k1: the results would mix "
                + "two systems under one label");
        assertThat(records("a")).hasSize(1);
    }

    @Test
    void resumeRefusesAnotherPlanAndAFreshRunRefusesExistingResults() throws IOException {
        MatrixSpec spec = spec("true", "");
        run(spec, false, "k1"); // block 1 recorded, then the switch fails
        assertThatThrownBy(() -> run(spec, false, "k1")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--resume: " + dir.resolve("ab") + " already holds 1 results");
        MatrixSpec bigger = new SpecOverrides(null, null, null, null, null, null, null, 2).applyTo(spec);
        assertThatThrownBy(() -> run(bigger, true, "k1")).isInstanceOf(SpecException.class)
                .hasMessageContaining("holds another plan (4 tests; this spec and options make 8)");
    }

    @Test
    void allNeedsTheChecksAndSwitchesOfTheBlocksVariants() {
        String base = """
                name = "v"
                blocks = ["a", "b"]
                [[guests]]
                name = "g"
                address = "127.0.0.2"
                local = true
                """;
        MatrixSpec noCheck = SpecReader.parse(base + "[variants.a]\nswitch = \"x\"\n[variants.b]\ncheck = \"y\"\nswitch = \"y\"\n");
        assertThatThrownBy(() -> BlockCampaign.requireSwitchable(noCheck)).isInstanceOf(SpecException.class)
                .hasMessage("variants.a.check: required with --all: it tells which variant the system is in before each block");
        MatrixSpec noSwitch = SpecReader.parse(base + "[variants.a]\ncheck = \"x\"\nswitch = \"x\"\n[variants.b]\ncheck = \"y\"\n");
        assertThatThrownBy(() -> BlockCampaign.requireSwitchable(noSwitch)).isInstanceOf(SpecException.class)
                .hasMessage("variants.b.switch: required with --all: blocks [a, b] switch between variants");
        // one variant in every block: nothing to switch
        BlockCampaign.requireSwitchable(SpecReader.parse(base.replace("[\"a\", \"b\"]", "[\"a\", \"a\"]")
                + "[variants.a]\ncheck = \"x\"\n[variants.b]\n"));
    }
}
