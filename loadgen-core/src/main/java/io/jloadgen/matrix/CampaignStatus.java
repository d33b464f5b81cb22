package io.jloadgen.matrix;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code jloadgen matrix status DIR}: how far an {@code --all} campaign is, from disk alone (plan.json, the variants'
 * result files, the switch journal), so it can be asked while the controller runs, after a crash or mid-reboot.
 *
 * <p>The time left is the pending tests times the time per test: measured, as the mean gap between consecutive
 * test starts of one boot (gaps over {@link #PAUSE} are pauses, not tests, and left out), once two tests are on
 * disk; before that the plan's estimate (omit + duration + set-up, guest boots not included).
 */
public final class CampaignStatus {
    static final Duration PAUSE = Duration.ofHours(1);

    private final Path dir;
    private final PlanFile plan;
    private final Map<TestKey, ResultRecord> recorded;
    private final SwitchJournal journal;

    private CampaignStatus(Path dir, PlanFile plan, Map<TestKey, ResultRecord> recorded, SwitchJournal journal) {
        this.dir = dir;
        this.plan = plan;
        this.recorded = recorded;
        this.journal = journal;
    }

    /**
     * Reads the campaign in {@code dir} ({@code <out>/<name>}).
     *
     * @throws SpecException when {@code dir} has no plan.json (not an {@code --all} campaign)
     */
    public static CampaignStatus read(Path dir) throws IOException {
        PlanFile plan = PlanFile.readIn(dir);
        Map<TestKey, ResultRecord> recorded = new HashMap<>();
        for (String variant : plan.blocks().stream().map(PlanFile.BlockEntry::variant).distinct().toList()) {
            for (ResultRecord r : ResultStore.readRecords(dir.resolve(variant + ".jsonl"))) {
                recorded.put(TestKey.of(r), r);
            }
        }
        return new CampaignStatus(dir, plan, recorded, SwitchJournal.read(SwitchJournal.fileIn(dir)));
    }

    /** Counts of one block or variant. */
    record Counts(int ok, int failed, int pending) {
        Counts plus(ResultRecord r) {
            if (r == null) {
                return new Counts(ok, failed, pending + 1);
            }
            return r.ok() ? new Counts(ok + 1, failed, pending) : new Counts(ok, failed + 1, pending);
        }
    }

    /** Pending tests of the whole plan. */
    public int pending() {
        return (int) plan.tests().stream().filter(k -> !recorded.containsKey(k)).count();
    }

    public void print(PrintWriter out) {
        Map<Integer, Counts> perBlock = new LinkedHashMap<>();
        Map<String, Counts> perVariant = new LinkedHashMap<>();
        Counts total = new Counts(0, 0, 0);
        for (PlanFile.BlockEntry b : plan.blocks()) {
            perBlock.put(b.index(), new Counts(0, 0, 0));
            perVariant.putIfAbsent(b.variant(), new Counts(0, 0, 0));
        }
        for (TestKey k : plan.tests()) {
            ResultRecord r = recorded.get(k);
            perBlock.merge(k.block(), new Counts(0, 0, 0), (a, x) -> a.plus(r));
            perVariant.merge(k.variant(), new Counts(0, 0, 0), (a, x) -> a.plus(r));
            total = total.plus(r);
        }
        out.printf("campaign %s (%s): %d blocks, %d tests%n", plan.experiment(), dir, plan.blocks().size(),
                plan.tests().size());
        out.printf("  %-6s %-16s %-8s %6s %7s %8s%n", "block", "variant", "repeats", "ok", "failed", "pending");
        boolean currentShown = false;
        for (PlanFile.BlockEntry b : plan.blocks()) {
            Counts c = perBlock.get(b.index());
            String mark = "";
            if (c.pending() > 0 && !currentShown) {
                mark = c.ok() + c.failed() > 0 ? "  <- in progress" : "  <- next";
                currentShown = true;
            }
            out.printf("  %-6d %-16s %-8s %6d %7d %8d%s%n", b.index(), b.variant(),
                    b.firstRepeat() + "-" + b.lastRepeat(), c.ok(), c.failed(), c.pending(), mark);
        }
        perVariant.forEach((v, c) -> out.printf("  variant %s: %d ok, %d failed, %d pending%n", v, c.ok(), c.failed(),
                c.pending()));
        out.printf("total: %d ok, %d failed, %d pending%n", total.ok(), total.failed(), total.pending());
        List<SwitchJournal.Entry> switches = journal.entries();
        List<SwitchJournal.Entry> started = switches.stream().filter(e -> !e.reset()).toList();
        if (!started.isEmpty()) {
            SwitchJournal.Entry last = started.get(started.size() - 1);
            out.printf("switches: %d; last: block %d, %s -> %s at %s (attempt %d, boot %s)%n", started.size(),
                    last.block(), last.from(), last.to(), last.time(), last.attempt(), last.bootId());
        }
        for (int b : journal.blocksWithAttempts(VariantSwitcher.MAX_ATTEMPTS)) {
            if (perBlock.getOrDefault(b, new Counts(0, 0, 0)).pending() == 0) {
                continue; // reached after all (the right kernel booted by hand, say)
            }
            out.printf("block %d: its %d switch attempts are used up; once the switch is fixed: jloadgen matrix "
                    + "reset-switches %s%n", b, journal.attempts(b), dir);
        }
        if (total.pending() == 0) {
            out.printf("complete%n");
        } else {
            double perTestS = measuredSecondsPerTest();
            boolean measured = perTestS > 0;
            if (!measured) {
                perTestS = plan.testEstimateS();
            }
            out.printf("time left: about %s (%d tests x %.1fs, %s)%n",
                    PlanPrinter.format(Duration.ofMillis(Math.round(total.pending() * perTestS * 1000))), total.pending(),
                    perTestS, measured ? "measured so far" : "planned; guest boots and switches not included");
        }
        out.flush();
    }

    /** Mean gap between consecutive test starts within one boot, pauses left out; 0 when there is none. */
    double measuredSecondsPerTest() {
        List<ResultRecord> records = new ArrayList<>(recorded.values());
        records.removeIf(r -> r.startedAt() == null);
        records.sort((a, b) -> Instant.parse(a.startedAt()).compareTo(Instant.parse(b.startedAt())));
        double sumS = 0;
        int gaps = 0;
        for (int i = 1; i < records.size(); i++) {
            ResultRecord a = records.get(i - 1);
            ResultRecord b = records.get(i);
            if (!Objects.equals(bootId(a), bootId(b))) {
                continue;
            }
            Duration gap = Duration.between(Instant.parse(a.startedAt()), Instant.parse(b.startedAt()));
            if (!gap.isNegative() && gap.compareTo(PAUSE) < 0) {
                sumS += gap.toMillis() / 1000.0;
                gaps++;
            }
        }
        return gaps == 0 ? 0 : sumS / gaps;
    }

    private static Object bootId(ResultRecord r) {
        return r.env() == null ? null : r.env().get("boot_id");
    }
}
