package io.jloadgen.matrix;

import io.jloadgen.host.HostInfo;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code jloadgen matrix SPEC --all}: every block of the spec's {@code blocks}, in order, each in its variant. The
 * plan goes to {@code <out>/<name>/plan.json} before the first test; at the start of each block with tests left,
 * the {@link VariantSwitcher} makes sure the system is in the block's variant (switching, journalled, if not);
 * then the block's tests run as a single-variant campaign does, into {@code <variant>.jsonl}, records carrying
 * {@code block}. A campaign a reboot ended continues with {@code --resume}: the results say what is done, the
 * journal how often each block was switched to.
 *
 * <p>Threading: {@link #run} on one thread; {@link #requestStop()} from any thread.
 */
public final class BlockCampaign {
    private final MatrixSpec spec;
    private final String specSha256;
    private final BlockPlan plan;
    private final Path campaignDir;
    private final Supplier<HostInfo> host;
    private volatile boolean stopRequested;
    private volatile CampaignRunner current;
    /** The thread while it runs checks and switches (commands a stop must kill), else null. */
    private volatile Thread switchingThread;

    BlockCampaign(MatrixSpec spec, String specSha256, Path outDir, Supplier<HostInfo> host) {
        requireSwitchable(spec);
        this.spec = spec;
        this.specSha256 = specSha256;
        this.plan = BlockPlan.expand(spec);
        this.campaignDir = outDir.resolve(spec.name());
        this.host = host;
    }

    /**
     * Reads {@code specFile} and applies {@code overrides}.
     *
     * @throws SpecException for anything wrong in the spec or the options, e.g. a variant of {@code blocks} with
     *                       no {@code check}
     */
    public static BlockCampaign prepare(Path specFile, SpecOverrides overrides, Path outDir) throws IOException {
        byte[] bytes = Files.readAllBytes(specFile);
        MatrixSpec spec = overrides.applyTo(SpecReader.parse(new String(bytes, StandardCharsets.UTF_8)));
        return new BlockCampaign(spec, Campaign.sha256(bytes), outDir, HostInfo::read);
    }

    /**
     * Every variant of {@code blocks} needs a check (without one nothing tells which variant the system is in), and
     * a switch when the blocks hold more than one variant.
     */
    static void requireSwitchable(MatrixSpec spec) {
        boolean switching = spec.blocks().stream().distinct().count() > 1;
        for (String name : spec.blocks().stream().distinct().toList()) {
            VariantSpec v = spec.variant(name);
            if (v.check() == null) {
                throw new SpecException("variants." + name + ".check", "required with --all: it tells which variant "
                        + "the system is in before each block");
            }
            if (switching && v.switchCommand() == null) {
                throw new SpecException("variants." + name + ".switch", "required with --all: blocks "
                        + spec.blocks() + " switch between variants");
            }
        }
    }

    public MatrixSpec spec() {
        return spec;
    }

    public BlockPlan plan() {
        return plan;
    }

    /** {@code <out>/<name>}: plan, journal and every variant's results. */
    public Path campaignDir() {
        return campaignDir;
    }

    /** Tests already recorded in the campaign's result files (read-only). */
    public Set<TestKey> recorded() throws IOException {
        Set<TestKey> keys = new HashSet<>();
        for (ResultRecord r : records()) {
            keys.add(TestKey.of(r));
        }
        return keys;
    }

    /** Whether a test of the plan was recorded failed, by this run or an earlier one (exit code 3). */
    public boolean hasFailedRecords() throws IOException {
        Set<TestKey> planned = new HashSet<>(plan.tests());
        return records().stream().anyMatch(r -> !r.ok() && planned.contains(TestKey.of(r)));
    }

    private List<ResultRecord> records() throws IOException {
        List<ResultRecord> all = new ArrayList<>();
        for (String v : plan.variants()) {
            all.addAll(ResultStore.readRecords(ResultStore.fileFor(campaignDir.getParent(), spec.name(), v)));
        }
        return all;
    }

    /** Asks the campaign to stop after recording what finished; the test or command in flight is abandoned. */
    public void requestStop() {
        stopRequested = true;
        CampaignRunner r = current;
        if (r != null) {
            r.requestStop();
        }
        Thread t = switchingThread;
        if (t != null) {
            t.interrupt(); // kills the check or switch command in flight
        }
    }

    /**
     * Runs the remaining blocks. Without {@code resume}, a campaign directory that already holds results is refused;
     * with it, the plan on disk must be the one this spec and these options make.
     *
     * @throws SpecException when results exist without {@code resume}, or the plan differs
     */
    public CampaignOutcome run(boolean resume, ProgressListener progress, Path hookDir) throws IOException {
        writePlan(resume);
        SwitchJournal journal = SwitchJournal.read(SwitchJournal.fileIn(campaignDir));
        HookRunner hooks = new HookRunner(hookDir);
        VariantSwitcher switcher = new VariantSwitcher(spec, hooks, journal, progress, host);
        return runBlocks(progress, hooks, switcher);
    }

    private CampaignOutcome runBlocks(ProgressListener progress, HookRunner hooks, VariantSwitcher switcher)
            throws IOException {
        int ok = 0;
        int failed = 0;
        int skipped = 0;
        int blocks = plan.blocks().size();
        for (BlockPlan.Block block : plan.blocks()) {
            if (stopRequested) {
                return new CampaignOutcome(ok, failed, skipped, true, null);
            }
            Path file = ResultStore.fileFor(campaignDir.getParent(), spec.name(), block.variant());
            List<ResultRecord> earlier = ResultStore.readRecords(file);
            Set<TestKey> done = new HashSet<>();
            earlier.forEach(r -> done.add(TestKey.of(r)));
            long left = block.plan().tests().stream().filter(k -> !done.contains(k)).count();
            if (left == 0) {
                skipped += block.plan().testCount();
                continue;
            }
            progress.message("block " + block.index() + " of " + blocks + ": " + block.variant() + ", repeats "
                    + block.firstRepeat() + "-" + block.lastRepeat() + ", " + left + " of " + block.plan().testCount()
                    + " tests to run");
            switchingThread = Thread.currentThread();
            try {
                if (!stopRequested) {
                    switcher.enter(block, earlier);
                }
            } catch (CampaignStoppedException | HookFailedException e) {
                return new CampaignOutcome(ok, failed, skipped, false, e.getMessage());
            } catch (InterruptedException | ClosedByInterruptException e) {
                return new CampaignOutcome(ok, failed, skipped, true, null);
            } finally {
                switchingThread = null;
                Thread.interrupted(); // a stop that came as the commands ended must not leak into the block
            }
            if (stopRequested) {
                return new CampaignOutcome(ok, failed, skipped, true, null);
            }
            CampaignOutcome o = runBlock(block, file, progress, hooks);
            ok += o.recordedOk();
            failed += o.recordedFailed();
            skipped += o.skipped();
            if (!o.complete()) {
                return new CampaignOutcome(ok, failed, skipped, o.stopped(), o.hookFailure());
            }
        }
        return new CampaignOutcome(ok, failed, skipped, stopRequested, null);
    }

    private CampaignOutcome runBlock(BlockPlan.Block block, Path file, ProgressListener progress, HookRunner hooks)
            throws IOException {
        try (ResultStore store = ResultStore.open(file)) {
            if (store.truncatedBytes() > 0) {
                progress.message("cut a torn last line (" + store.truncatedBytes() + " bytes) off " + file
                        + ": its test runs again");
            }
            RecordAssembler records = new RecordAssembler(spec,
                    RecordAssembler.environment(spec, spec.variant(block.variant()), specSha256, host.get()));
            CampaignRunner runner = new CampaignRunner(spec, block.plan(), store, hooks, progress, records,
                    TestLauncher.API, GeneratorCeiling.SELFTEST);
            current = runner;
            if (stopRequested) {
                runner.requestStop();
            }
            try {
                return runner.run();
            } finally {
                current = null;
            }
        }
    }

    /**
     * Writes plan.json before the first test. A resumed campaign must have the plan it started with: other options
     * would make other tests, and the records on disk would no longer add up to a plan.
     */
    private void writePlan(boolean resume) throws IOException {
        PlanFile fresh = PlanFile.of(plan, spec, specSha256);
        Path file = PlanFile.fileIn(campaignDir);
        if (!resume) {
            int held = 0;
            for (String v : spec.variants().keySet()) {
                held += ResultStore.readRecords(ResultStore.fileFor(campaignDir.getParent(), spec.name(), v)).size();
            }
            if (held > 0) {
                throw new SpecException("--resume", campaignDir + " already holds " + held
                        + " results: add --resume to continue that campaign, or choose another --out");
            }
            if (!SwitchJournal.read(SwitchJournal.fileIn(campaignDir)).entries().isEmpty()) {
                throw new SpecException("--resume", SwitchJournal.fileIn(campaignDir) + " holds the switches of an "
                        + "earlier campaign: add --resume to continue it, or choose another --out");
            }
        } else if (Files.exists(file)) {
            PlanFile old = PlanFile.read(file);
            if (!old.tests().equals(fresh.tests())) {
                throw new SpecException("--resume", file + " holds another plan (" + old.tests().size()
                        + " tests; this spec and options make " + fresh.tests().size() + "): resume with the spec and "
                        + "options that started the campaign, or choose another --out");
            }
        }
        fresh.write(file);
    }
}
