package io.jloadgen.cli;

import io.jloadgen.matrix.BlockCampaign;
import io.jloadgen.matrix.Campaign;
import io.jloadgen.matrix.CampaignOutcome;
import io.jloadgen.matrix.CampaignRunner;
import io.jloadgen.matrix.CountList;
import io.jloadgen.matrix.PlanPrinter;
import io.jloadgen.matrix.ProgressListener;
import io.jloadgen.matrix.ResultStore;
import io.jloadgen.matrix.SpecException;
import io.jloadgen.matrix.SpecOverrides;
import io.jloadgen.matrix.TestDirection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code jloadgen matrix SPEC}: runs one variant's campaign of a spec file, or with {@code --all} every block of the
 * spec's {@code blocks}, switching variants; durable and resumable. {@code jloadgen matrix status DIR} shows an
 * {@code --all} campaign's progress ({@link MatrixStatusCommand}).
 */
@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {MatrixStatusCommand.class, MatrixResetSwitchesCommand.class},
        description = {"Run a campaign: guests x streams x repeats x directions for one system variant,",
                "or with --all for every block of the spec's blocks, switching variants (surviving reboots).",
                "Each finished test is appended to <out>/<experiment>/<variant>.jsonl and synced to disk.",
                "'jloadgen matrix status DIR' shows an --all campaign's progress from disk;",
                "'jloadgen matrix reset-switches DIR' gives blocks whose switches missed their variant new attempts."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every test recorded ok", "1:runtime failure (a hook failed, I/O error, stopped)",
                "2:usage error (bad spec, option or variant)", "3:finished, but some test was recorded failed"})
public final class MatrixCommand implements Callable<Integer> {
    /** How long SIGINT waits for the campaign to stop its guests before the JVM exits anyway. */
    static final Duration STOP_GRACE = Duration.ofMinutes(2);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // optional for picocli so that 'matrix status DIR' parses; call() requires it
    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
            description = "The campaign spec (TOML), e.g. examples/loopback.toml.")
    Path specFile;

    @Option(names = "--variant", paramLabel = "NAME",
            description = "The system variant this run measures (one of the spec's [variants]; optional if it has one).")
    String variant;

    @Option(names = "--all", description = {"Run every block of the spec's blocks in order, switching variants with "
            + "their switch commands; the plan goes to <out>/<name>/plan.json, switches to switches.journal.",
            "After a reboot, 'jloadgen matrix SPEC --all --resume' (same options) continues."})
    boolean all;

    @Option(names = "--block-repeats", paramLabel = "N", description = "Override the spec's block_repeats (with --all).")
    Integer blockRepeats;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Results directory (default ${DEFAULT-VALUE}); files go to DIR/<name>/<variant>.jsonl.")
    Path out;

    @Option(names = "--resume", description = "Continue a campaign: skip tests already recorded.")
    boolean resume;

    @Option(names = "--dry-run", description = "Print the plan, the number of tests and the estimated wall time; run nothing.")
    boolean dryRun;

    @Option(names = "--plain", description = "Plain progress lines even on a terminal (no progress bar).")
    boolean plain;

    @Option(names = "--duration", paramLabel = "TIME", converter = UnitConverters.Seconds.class,
            description = "Override the spec's measured window per test (e.g. 5s).")
    Duration duration;

    @Option(names = "--omit", paramLabel = "TIME", converter = UnitConverters.Seconds.class,
            description = "Override the spec's omitted warm-up.")
    Duration omit;

    @Option(names = "--repeats", paramLabel = "N", description = "Override the spec's repeats (turns adaptive repeats off).")
    Integer repeats;

    @Option(names = "--guest-counts", paramLabel = "LIST", description = "Override guest counts, e.g. 1,2,4 or 1-8.")
    String guestCounts;

    @Option(names = "--streams", paramLabel = "LIST", description = "Override streams per guest, e.g. 1,4 or 1-4.")
    String streams;

    @Option(names = "--directions", paramLabel = "LIST", split = ",",
            description = "Override directions: host-to-guest, guest-to-host, bidir (comma-separated).")
    List<String> directions;

    @Option(names = "--latency-probe",
            description = "Run a latency probe beside every guest's streams (as latency_probe = true; period from probe_period, default 10ms).")
    Boolean latencyProbe;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (specFile == null) {
            return usage(stderr, "SPEC is required (or 'jloadgen matrix status DIR')");
        }
        if (all) {
            return callAll(stdout, stderr);
        }
        if (blockRepeats != null) {
            return usage(stderr, "--block-repeats: only with --all");
        }
        Campaign campaign;
        try {
            campaign = Campaign.prepare(specFile, overrides(), variant, out);
        } catch (SpecException e) {
            return usage(stderr, e.getMessage());
        } catch (IOException e) {
            return usage(stderr, "cannot read " + specFile + ": " + e.getMessage());
        }
        return guarded(stderr, () -> {
            if (dryRun) {
                PlanPrinter.print(campaign.spec(), campaign.plan(), resume ? campaign.recorded() : java.util.Set.of(),
                        stdout);
                stdout.println("results would go to " + campaign.resultFile());
                stdout.flush();
                return JloadgenCommand.EXIT_OK;
            }
            return run(campaign, stdout, stderr);
        });
    }

    /** {@code --all}: every block, switching variants. */
    private int callAll(PrintWriter stdout, PrintWriter stderr) {
        if (variant != null) {
            return usage(stderr, "--variant: not with --all (--all runs the variants of the spec's blocks)");
        }
        BlockCampaign campaign;
        try {
            campaign = BlockCampaign.prepare(specFile, overrides(), out);
        } catch (SpecException e) {
            return usage(stderr, e.getMessage());
        } catch (IOException e) {
            return usage(stderr, "cannot read " + specFile + ": " + e.getMessage());
        }
        return guarded(stderr, () -> {
            if (dryRun) {
                PlanPrinter.printBlocks(campaign.spec(), campaign.plan(),
                        resume ? campaign.recorded() : java.util.Set.of(), stdout);
                stdout.println("results would go to " + campaign.campaignDir() + "/<variant>.jsonl");
                stdout.flush();
                return JloadgenCommand.EXIT_OK;
            }
            ProgressListener progress = progressListener(stdout);
            return withStopOnSigint(campaign::requestStop, () -> report(campaign,
                    campaign.run(resume, progress, Path.of("").toAbsolutePath()), stdout, stderr));
        });
    }

    /** A prepared campaign's work; may throw what {@link #guarded} turns into an exit code. */
    @FunctionalInterface
    private interface CampaignWork {
        int run() throws IOException;
    }

    /** Runs {@code work}: a spec error found on the way is a usage error (2), an I/O error a failure (1). */
    private int guarded(PrintWriter stderr, CampaignWork work) {
        try {
            return work.run();
        } catch (SpecException e) {
            return usage(stderr, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            stderr.println("jloadgen matrix: " + e.getMessage());
            stderr.flush();
            return JloadgenCommand.EXIT_FAILURE;
        }
    }

    private int run(Campaign campaign, PrintWriter stdout, PrintWriter stderr) throws IOException {
        ProgressListener progress = progressListener(stdout);
        AtomicReference<CampaignRunner> runner = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        return withStopOnSigint(() -> {
            interrupted.set(true);
            CampaignRunner r = runner.get();
            if (r != null) {
                r.requestStop();
            }
        }, () -> report(campaign, campaign.run(resume, progress, Path.of("").toAbsolutePath(), r -> {
            runner.set(r);
            if (interrupted.get()) { // SIGINT came while the spec and results were being read
                r.requestStop();
            }
        }), stdout, stderr));
    }

    private ProgressListener progressListener(PrintWriter stdout) {
        return !plain && System.console() != null ? new ProgressBarListener(stdout) : new PlainProgressListener(stdout);
    }

    /** A campaign run and its summary, ending in the exit code; may throw I/O errors. */
    private interface CampaignRun {
        int runAndReport() throws IOException;
    }

    /**
     * Runs {@code campaign} with a SIGINT handler that calls {@code stop} (the campaign records nothing half-done and
     * stops its guests) and waits for the campaign to return, bounded by {@link #STOP_GRACE}.
     */
    private static int withStopOnSigint(Runnable stop, CampaignRun campaign) throws IOException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSigint = new Thread(() -> {
            stop.run();
            try {
                finished.await(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jloadgen-matrix-stop");
        Runtime.getRuntime().addShutdownHook(onSigint);
        try {
            return campaign.runAndReport();
        } finally {
            // only now: after SIGINT the JVM exits as soon as the hook returns, and the summary must be out
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSigint);
            } catch (IllegalStateException shuttingDown) {
                // SIGINT arrived: the hook is running and lets the JVM exit once it returns
            }
        }
    }

    private static int report(Campaign campaign, CampaignOutcome outcome, PrintWriter stdout, PrintWriter stderr)
            throws IOException {
        stdout.printf("%s/%s: %d ok, %d failed recorded now, %d already recorded; results in %s%n",
                campaign.spec().name(), campaign.variant(), outcome.recordedOk(), outcome.recordedFailed(),
                outcome.skipped(), campaign.resultFile());
        stdout.flush();
        Integer stopped = stoppedExit(outcome, stderr);
        if (stopped != null) {
            return stopped;
        }
        return failedRecordsIn(campaign) ? JloadgenCommand.EXIT_TARGET_MISSED : JloadgenCommand.EXIT_OK;
    }

    private static int report(BlockCampaign campaign, CampaignOutcome outcome, PrintWriter stdout, PrintWriter stderr)
            throws IOException {
        stdout.printf("%s: %d ok, %d failed recorded now, %d already recorded; results in %s%n", campaign.spec().name(),
                outcome.recordedOk(), outcome.recordedFailed(), outcome.skipped(), campaign.campaignDir());
        stdout.flush();
        Integer stopped = stoppedExit(outcome, stderr);
        if (stopped != null) {
            return stopped;
        }
        return campaign.hasFailedRecords() ? JloadgenCommand.EXIT_TARGET_MISSED : JloadgenCommand.EXIT_OK;
    }

    /** Exit code 1 with the reason when the campaign stopped before its end; null when it ran through. */
    private static Integer stoppedExit(CampaignOutcome outcome, PrintWriter stderr) {
        if (outcome.hookFailure() != null) {
            stderr.println("jloadgen matrix: campaign stopped: " + outcome.hookFailure());
            stderr.println("fix the cause, then continue with --resume");
            stderr.flush();
            return JloadgenCommand.EXIT_FAILURE;
        }
        if (outcome.stopped()) {
            stderr.println("jloadgen matrix: stopped; continue with --resume");
            stderr.flush();
            return JloadgenCommand.EXIT_FAILURE;
        }
        return null;
    }

    /** Exit code 3 also for failures recorded by an earlier, resumed run: the campaign as a whole has them. */
    private static boolean failedRecordsIn(Campaign campaign) throws IOException {
        return ResultStore.readRecords(campaign.resultFile()).stream()
                .anyMatch(r -> !r.ok() && r.variant().equals(campaign.variant()));
    }

    private SpecOverrides overrides() {
        List<TestDirection> dirs = null;
        if (directions != null) {
            dirs = new ArrayList<>();
            for (String d : directions) {
                dirs.add(TestDirection.parse(d.trim(), "--directions"));
            }
        }
        return new SpecOverrides(duration, omit, repeats,
                guestCounts == null ? null : CountList.parse(guestCounts, "--guest-counts"),
                streams == null ? null : CountList.parse(streams, "--streams"), dirs, latencyProbe, blockRepeats);
    }

    private int usage(PrintWriter stderr, String message) {
        stderr.println("jloadgen matrix: " + message);
        stderr.println("Try 'jloadgen matrix --help' for more information.");
        stderr.flush();
        return JloadgenCommand.EXIT_USAGE;
    }
}
