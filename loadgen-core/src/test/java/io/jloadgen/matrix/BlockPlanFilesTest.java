package io.jloadgen.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The block plan, plan.json, the switch journal and the status read from them: files only, no traffic. */
@Timeout(10)
class BlockPlanFilesTest {
    @TempDir
    Path dir;

    final MatrixSpec spec = SpecReader.parse("""
            name = "bp"
            duration = "10s"
            omit = "2s"
            repeats = 3
            block_repeats = 2
            guest_counts = [1, 2]
            streams = [1]
            directions = ["host-to-guest"]
            blocks = ["base", "patched", "patched", "base"]
            [[guests]]
            name = "g1"
            address = "127.0.0.2"
            [[guests]]
            name = "g2"
            address = "127.0.0.3"
            [variants.base]
            check = "true"
            switch = "true"
            [variants.patched]
            check = "false"
            switch = "true"
            """);

    @Test
    void repeatsCountPerVariantAcrossBlocks() {
        BlockPlan plan = BlockPlan.expand(spec);
        assertThat(plan.blocks()).extracting(BlockPlan.Block::index, BlockPlan.Block::variant,
                BlockPlan.Block::firstRepeat, BlockPlan.Block::lastRepeat).containsExactly(
                tuple(1, "base", 1, 2), tuple(2, "patched", 1, 2), tuple(3, "patched", 3, 4), tuple(4, "base", 3, 4));
        assertThat(plan.testCount()).isEqualTo(16);
        assertThat(plan.blocks().get(3).plan().tests()).extracting(TestKey::guests, TestKey::repeat, TestKey::block)
                .containsExactly(tuple(1, 3, 4), tuple(1, 4, 4), tuple(2, 3, 4), tuple(2, 4, 4));
        assertThat(plan.variants()).containsExactly("base", "patched");
    }

    @Test
    void planFileRoundTripsAndIsReplacedWholeWithNoTemporaryLeft() throws IOException {
        Path file = PlanFile.fileIn(dir);
        PlanFile plan = PlanFile.of(BlockPlan.expand(spec), spec, "cafe");
        plan.write(file);
        plan.write(file); // a resume writes it again over the old one
        PlanFile read = PlanFile.read(file);
        assertThat(read.tests()).isEqualTo(BlockPlan.expand(spec).tests());
        assertThat(read.testEstimateS()).isEqualTo(13.0); // 2 s omit + 10 s + 1 s set-up
        assertThat(read.blocks()).hasSize(4).first().isEqualTo(new PlanFile.BlockEntry(1, "base", 1, 2, 4));
        assertThat(read.specSha256()).isEqualTo("cafe");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("plan.json");
        }
    }

    /** A stop request interrupts the switching thread; the journal line written meanwhile must still land. */
    @Test
    void journalAppendsFromAnInterruptedThread() throws IOException {
        Path file = SwitchJournal.fileIn(dir);
        Thread.currentThread().interrupt();
        try {
            SwitchJournal.read(file).append(new SwitchJournal.Entry(1, "base", "patched", "t1", "boot1", 1));
        } finally {
            Thread.interrupted();
        }
        assertThat(SwitchJournal.read(file).attempts(1)).isEqualTo(1);
    }

    @Test
    void journalCountsAttemptsPerBlockAndSurvivesATornLine() throws IOException {
        Path file = SwitchJournal.fileIn(dir);
        SwitchJournal j = SwitchJournal.read(file);
        j.append(new SwitchJournal.Entry(2, "base", "patched", "t1", "boot1", 1));
        Files.writeString(file, "{\"block\":2,\"fr", java.nio.file.StandardOpenOption.APPEND); // a crash mid-line
        SwitchJournal again = SwitchJournal.read(file);
        assertThat(again.attempts(2)).isEqualTo(1);
        again.append(new SwitchJournal.Entry(2, "base", "patched", "t2", "boot2", 2));
        SwitchJournal third = SwitchJournal.read(file);
        assertThat(third.attempts(2)).isEqualTo(2);
        assertThat(third.attempts(4)).isZero();
        assertThat(third.entries()).extracting(SwitchJournal.Entry::bootId).containsExactly("boot1", "boot2");
    }

    /** A reset line makes only later attempts count; switch lines keep the format earlier versions wrote. */
    @Test
    void journalResetLinesRestartABlocksCount() throws IOException {
        Path file = SwitchJournal.fileIn(dir);
        SwitchJournal j = SwitchJournal.read(file);
        j.append(new SwitchJournal.Entry(2, "base", "patched", "t1", "boot1", 1));
        j.append(new SwitchJournal.Entry(2, "base", "patched", "t2", "boot2", 2));
        j.append(new SwitchJournal.Entry(3, "patched", "base", "t3", "boot3", 1));
        assertThat(j.blocksWithAttempts(2)).containsExactly(2);
        j.append(SwitchJournal.Entry.resetOf(2, "t4", "boot3"));
        j.append(new SwitchJournal.Entry(2, "base", "patched", "t5", "boot3", 1));
        SwitchJournal again = SwitchJournal.read(file);
        assertThat(again.attempts(2)).isEqualTo(1);
        assertThat(again.attempts(3)).isEqualTo(1);
        assertThat(again.blocksWithAttempts(2)).isEmpty();
        assertThat(again.blocksWithAttempts(1)).containsExactly(2, 3);
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"block\":2,\"from\":\"base\",\"to\":\"patched\",\"time\":\"t1\",\"boot_id\":\"boot1\",\"attempt\":1}",
                "{\"block\":2,\"from\":\"base\",\"to\":\"patched\",\"time\":\"t2\",\"boot_id\":\"boot2\",\"attempt\":2}",
                "{\"block\":3,\"from\":\"patched\",\"to\":\"base\",\"time\":\"t3\",\"boot_id\":\"boot3\",\"attempt\":1}",
                "{\"block\":2,\"time\":\"t4\",\"boot_id\":\"boot3\",\"reset\":true}",
                "{\"block\":2,\"from\":\"base\",\"to\":\"patched\",\"time\":\"t5\",\"boot_id\":\"boot3\",\"attempt\":1}");
    }

    @Test
    void statusCountsPerBlockAndVariantAndEstimatesTheTimeLeft() throws IOException {
        Path campaign = dir.resolve("bp");
        BlockPlan plan = BlockPlan.expand(spec);
        PlanFile.of(plan, spec, "cafe").write(PlanFile.fileIn(campaign));
        RecordAssembler records = new RecordAssembler(spec, Map.of("boot_id", "b1", "kernel", "k"));
        List<TestKey> tests = plan.tests();
        try (ResultStore base = ResultStore.open(campaign.resolve("base.jsonl"))) {
            // three tests 20 s apart, then one after a reboot (another boot id): 20 s per test measured
            base.append(records.failed(tests.get(0), java.time.Instant.parse("2026-01-01T00:00:00Z"), "x", 1));
            base.append(ok(records, tests.get(1), "2026-01-01T00:00:20Z"));
            base.append(ok(records, tests.get(2), "2026-01-01T00:00:40Z"));
        }
        RecordAssembler afterReboot = new RecordAssembler(spec, Map.of("boot_id", "b2", "kernel", "k"));
        try (ResultStore patched = ResultStore.open(campaign.resolve("patched.jsonl"))) {
            patched.append(ok(afterReboot, tests.get(4), "2026-01-01T00:07:40Z"));
        }
        StringWriter text = new StringWriter();
        CampaignStatus status = CampaignStatus.read(campaign);
        status.print(new PrintWriter(text));
        assertThat(status.pending()).isEqualTo(12);
        assertThat(text.toString())
                .contains("campaign bp (" + campaign + "): 4 blocks, 16 tests")
                .containsPattern("  1 +base +1-2 +2 +1 +1  <- in progress\n")
                .containsPattern("  2 +patched +1-2 +1 +0 +3\n")
                .contains("  variant base: 2 ok, 1 failed, 5 pending")
                .contains("  variant patched: 1 ok, 0 failed, 7 pending")
                .contains("total: 3 ok, 1 failed, 12 pending")
                .contains("time left: about 4m (12 tests x 20.0s, measured so far)");
    }

    @Test
    void beforeTwoTestsTheStatusUsesThePlannedTimePerTest() throws IOException {
        Path campaign = dir.resolve("bp");
        PlanFile.of(BlockPlan.expand(spec), spec, "cafe").write(PlanFile.fileIn(campaign));
        StringWriter text = new StringWriter();
        CampaignStatus.read(campaign).print(new PrintWriter(text));
        assertThat(text.toString()).containsPattern("  1 +base +1-2 +0 +0 +4  <- next\n")
                .contains("time left: about 3m 28s (16 tests x 13.0s, planned; guest boots and switches not included)");
    }

    private static ResultRecord ok(RecordAssembler a, TestKey k, String startedAt) {
        ResultRecord f = a.failed(k, java.time.Instant.parse(startedAt), null, 1);
        return new ResultRecord(f.schema(), f.experiment(), f.variant(), f.direction(), f.guests(), f.streams(),
                f.repeat(), f.block(), ResultRecord.STATUS_OK, null, f.startedAt(), f.durationS(), f.omitS(), 1.0,
                List.of(1.0), null, null, null, null, f.env(), null, null, null, null, List.of(), null, null, null);
    }
}
