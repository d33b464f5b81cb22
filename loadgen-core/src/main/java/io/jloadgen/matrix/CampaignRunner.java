package io.jloadgen.matrix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs one variant's campaign to its end: check and setup, then per guest session start the guests, run
 * every test not yet on disk (with bounded retries), stop the guests; then adaptive repeats if the spec asks.
 *
 * <p>Rules it keeps (DESIGN.md "Failure rules"): each record is on disk before the next test starts; a test
 * already recorded is never run again; a failed test is retried {@code retries} times, then recorded as
 * failed and the campaign goes on; a failed hook stops the campaign with the hook's output; a stop request
 * (SIGINT) abandons the test in flight, stops the guests and returns.
 *
 * <p>Threading: {@link #run()} on one thread; {@link #requestStop()} from any thread.
 */
public final class CampaignRunner {
    private final MatrixSpec spec;
    private final VariantSpec variant;
    private final ResultStore store;
    private final HookRunner hooks;
    private final ProgressListener progress;
    private final GuestTestRunner tests;
    private final GeneratorCeiling ceiling;
    private final CampaignPlan plan;
    private RecordAssembler records;
    private volatile boolean stopRequested;
    private volatile Thread runThread;

    private int recordedOk;
    private int recordedFailed;
    private int skipped;

    public CampaignRunner(MatrixSpec spec, String variantName, ResultStore store, HookRunner hooks,
                          ProgressListener progress, RecordAssembler records, TestLauncher launcher) {
        this(spec, variantName, store, hooks, progress, records, launcher, GeneratorCeiling.SELFTEST);
    }

    CampaignRunner(MatrixSpec spec, String variantName, ResultStore store, HookRunner hooks, ProgressListener progress,
                   RecordAssembler records, TestLauncher launcher, GeneratorCeiling ceiling) {
        this(spec, CampaignPlan.expand(spec, variantName), store, hooks, progress, records, launcher, ceiling);
    }

    /**
     * Runs {@code plan}, one block of {@code --all} (its keys carry the block) or a whole single-variant campaign.
     * Adaptive repeats extend only a single-variant campaign: a block campaign keeps to the plan on disk.
     */
    CampaignRunner(MatrixSpec spec, CampaignPlan plan, ResultStore store, HookRunner hooks, ProgressListener progress,
                   RecordAssembler records, TestLauncher launcher, GeneratorCeiling ceiling) {
        String variantName = plan.variant();
        this.plan = plan;
        this.ceiling = ceiling;
        this.spec = spec;
        this.variant = spec.variant(variantName);
        this.store = store;
        this.hooks = hooks;
        this.progress = progress;
        this.records = records;
        this.tests = new GuestTestRunner(spec, variant, launcher);
    }

    /** Asks the campaign to stop after recording what finished; the test in flight is abandoned. */
    public void requestStop() {
        stopRequested = true;
        Thread t = runThread;
        if (t != null) {
            t.interrupt();
        }
    }

    public CampaignOutcome run() {
        runThread = Thread.currentThread();
        int alreadyRecorded = (int) plan.tests().stream().filter(store::contains).count();
        progress.campaignStarted(spec.name(), variant.name(), plan.testCount(), alreadyRecorded);
        CampaignOutcome outcome;
        try (GuestLifecycle guests = new GuestLifecycle(spec, variant.name(), hooks, progress, () -> stopRequested)) {
            outcome = runCampaign(plan, guests);
        } catch (InterruptedException e) {
            outcome = outcome(null);
        }
        Thread.interrupted(); // a late requestStop() must not leak into the caller
        runThread = null;
        progress.campaignFinished(outcome);
        return outcome;
    }

    private CampaignOutcome runCampaign(CampaignPlan plan, GuestLifecycle guests) throws InterruptedException {
        try {
            if (variant.check() != null) {
                progress.message("check " + variant.name() + ": " + variant.check());
                hooks.runOrThrow("check " + variant.name(), variant.check(), spec.hooks().timeout());
            }
            if (variant.setup() != null && !stopRequested) {
                progress.message("setup " + variant.name() + ": " + variant.setup());
                hooks.runOrThrow("setup " + variant.name(), variant.setup(), spec.hooks().timeout());
            }
            if (spec.selftest() && !stopRequested && plan.tests().stream().anyMatch(k -> !store.contains(k))) {
                measureGeneratorCeiling();
            }
            for (GuestSession session : plan.sessions()) {
                if (stopRequested) {
                    break;
                }
                runSession(session, guests);
            }
            boolean blocks = plan.tests().stream().anyMatch(k -> k.block() > 0);
            while (spec.adaptiveRepeats() && !blocks && !stopRequested) {
                List<GuestSession> extra = AdaptiveRepeats.nextSessions(spec, variant.name(), store.records());
                if (extra.isEmpty()) {
                    break;
                }
                for (GuestSession session : extra) {
                    if (stopRequested) {
                        break;
                    }
                    progress.message("adaptive repeat " + session.repeat() + " for " + session.guestCount()
                            + " guests: " + session.tests().size() + " cells above " + spec.targetCiPct() + "% CI");
                    runSession(session, guests);
                }
            }
            return outcome(null);
        } catch (HookFailedException e) {
            return outcome(e.getMessage());
        }
    }

    private void runSession(GuestSession session, GuestLifecycle lifecycle)
            throws HookFailedException, InterruptedException {
        List<TestKey> todo = session.tests().stream().filter(k -> !store.contains(k)).toList();
        skipped += session.tests().size() - todo.size();
        if (todo.isEmpty()) {
            return; // a resumed campaign does not boot guests for nothing
        }
        List<GuestSpec> guests = spec.guests().subList(0, session.guestCount());
        progress.message("guests " + session.guestCount() + ", repeat " + session.repeat() + ": starting "
                + guests.stream().map(GuestSpec::name).collect(Collectors.joining(", ")));
        HookFailedException stopFailure = null;
        try {
            String notReady = startWithRetries(guests, lifecycle);
            for (TestKey key : todo) {
                if (stopRequested) {
                    break;
                }
                if (notReady != null) {
                    record(records.failed(key, Instant.now(), notReady, spec.retries() + 1));
                } else {
                    runTest(key, guests, lifecycle);
                }
            }
        } finally {
            // guests go down even when the campaign stops; clear a stop interrupt so the stop hooks can run
            boolean interrupted = Thread.interrupted();
            try {
                lifecycle.stopAll(guests);
            } catch (HookFailedException e) {
                stopFailure = e;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (stopFailure != null) {
            throw stopFailure;
        }
    }

    /**
     * Measures what jloadgen itself can move on this machine and keeps it in the campaign's metadata,
     * {@code <variant>.selftest.json} beside the results; records then carry it and the generator-bound flag.
     * A selftest that fails is a warning, not a reason to stop the campaign.
     */
    private void measureGeneratorCeiling() {
        progress.message("selftest: measuring the generator's ceiling on this machine");
        try {
            GeneratorCeiling.Measured m = ceiling.measure(variant.transport());
            Path meta = store.file().resolveSibling(variant.name() + ".selftest.json");
            Files.writeString(meta, m.json() + System.lineSeparator());
            records = records.withGeneratorCeiling(m.throughputGbps());
            progress.message(String.format(java.util.Locale.ROOT, "selftest: %.2f Gbit/s; tests above %.2f are "
                    + "flagged generator-bound (%s)", m.throughputGbps(),
                    RecordAssembler.GENERATOR_BOUND_SHARE * m.throughputGbps(), meta));
        } catch (IOException | RuntimeException e) {
            progress.message("warning: selftest failed, no generator ceiling: " + e.getMessage());
        }
    }

    /** Starts the guests; returns null when all are ready, else the reason after {@code retries} restarts. */
    private String startWithRetries(List<GuestSpec> guests, GuestLifecycle lifecycle)
            throws HookFailedException, InterruptedException {
        String reason = null;
        for (int attempt = 1; attempt <= spec.retries() + 1 && !stopRequested; attempt++) {
            try {
                if (attempt == 1) {
                    lifecycle.startAll(guests);
                } else {
                    lifecycle.recover(guests);
                }
                return null;
            } catch (GuestNotReadyException e) {
                reason = "guest not ready: " + e.getMessage();
                progress.message(reason);
            }
        }
        return reason;
    }

    private void runTest(TestKey key, List<GuestSpec> guests, GuestLifecycle lifecycle)
            throws HookFailedException, InterruptedException {
        Instant firstStart = Instant.now();
        String reason = null;
        int attempts = spec.retries() + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            progress.testStarted(key, attempt);
            runTestHook(spec.hooks().beforeTest(), "before_test", key);
            try {
                TestMeasurement m = tests.run(key, guests);
                runTestHook(spec.hooks().afterTest(), "after_test", key);
                record(records.ok(key, m, guests, attempt));
                return;
            } catch (TestFailedException e) {
                reason = e.getMessage();
            }
            runTestHook(spec.hooks().afterTest(), "after_test", key);
            if (attempt < attempts && !stopRequested) {
                progress.testRetrying(key, attempt, reason);
                try {
                    lifecycle.recover(guests);
                } catch (GuestNotReadyException e) {
                    reason = "guest not ready: " + e.getMessage();
                }
            }
            if (stopRequested) {
                return; // not recorded: the resumed campaign runs it again
            }
        }
        record(records.failed(key, firstStart, reason, attempts));
    }

    private void runTestHook(String template, String name, TestKey key) throws HookFailedException, InterruptedException {
        if (template != null) {
            hooks.runOrThrow(name, HookTemplate.fill(template, HookTemplate.forTest(key)), spec.hooks().timeout());
        }
    }

    private void record(ResultRecord r) {
        try {
            store.append(r);
        } catch (IOException e) {
            // a result that cannot be made durable must stop the campaign, not be dropped silently
            throw new UncheckedIOException("cannot write " + store.file() + ": " + e.getMessage(), e);
        }
        if (r.ok()) {
            recordedOk++;
        } else {
            recordedFailed++;
        }
        progress.testRecorded(TestKey.of(r), r);
    }

    private CampaignOutcome outcome(String hookFailure) {
        return new CampaignOutcome(recordedOk, recordedFailed, skipped, stopRequested, hookFailure);
    }
}
