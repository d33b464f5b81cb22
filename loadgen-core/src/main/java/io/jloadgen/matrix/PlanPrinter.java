package io.jloadgen.matrix;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Prints a {@link CampaignPlan} for {@code --dry-run}: the sessions, the number of tests, the estimated wall time. */
public final class PlanPrinter {
    private PlanPrinter() {
    }

    /**
     * @param done tests already in the result store (skipped with {@code --resume}); empty otherwise
     */
    public static void print(MatrixSpec spec, CampaignPlan plan, Set<TestKey> done, PrintWriter out) {
        VariantSpec variant = spec.variant(plan.variant());
        out.printf("plan: experiment %s, variant %s%n", plan.experiment(), plan.variant());
        out.printf("  each test: %s omitted + %s measured, %s per interval, port %d%n", format(spec.omit()),
                format(spec.duration()), format(spec.interval()), spec.port());
        if (variant.check() != null) {
            out.printf("  check:  %s%n", variant.check());
        }
        if (variant.setup() != null) {
            out.printf("  setup:  %s%n", variant.setup());
        }
        if (!variant.clientArgs().isEmpty() || variant.transport() != io.jloadgen.config.Transport.AUTO) {
            out.printf("  client: %s transport %s%n", String.join(" ", variant.clientArgs()), variant.transport().label());
        }
        if (spec.order() == MatrixSpec.Order.SHUFFLED) {
            out.printf("  order:  shuffled, seed %d%n", spec.seed());
        }
        int toRun = printSessions(spec, plan, done, 0, "  ", out);
        out.printf("tests: %d in %d guest sessions%s%n", plan.testCount(), plan.sessions().size(),
                done.isEmpty() ? "" : ", " + toRun + " still to run");
        printWallTime(spec, toRun, plan.sessions().size(), out);
        if (spec.adaptiveRepeats()) {
            out.printf("adaptive repeats: cells whose 95%% CI half-width exceeds %.1f%% of the mean get more repeats, "
                    + "up to %d (not in the count above)%n", spec.targetCiPct(), spec.maxRepeats());
        }
        printTrailer(spec, toRun, "first", out);
    }

    /**
     * Prints the plan of {@code --all}: per block its variant, repeats, switch and sessions; positions count through
     * the whole campaign, as in plan.json.
     *
     * @param done tests already recorded (skipped with {@code --resume}); empty otherwise
     */
    public static void printBlocks(MatrixSpec spec, BlockPlan plan, Set<TestKey> done, PrintWriter out) {
        out.printf("plan: experiment %s, %d blocks: %s%n", plan.experiment(), plan.blocks().size(),
                String.join(" ", spec.blocks()));
        out.printf("  each test: %s omitted + %s measured, %s per interval, port %d%n", format(spec.omit()),
                format(spec.duration()), format(spec.interval()), spec.port());
        for (String name : plan.variants()) {
            VariantSpec v = spec.variant(name);
            out.printf("  %s: check %s%s%n", name, v.check(), v.switchCommand() == null ? "" : "; switch " + v.switchCommand());
        }
        if (spec.order() == MatrixSpec.Order.SHUFFLED) {
            out.printf("  order:  shuffled per block, seed %d + block%n", spec.seed());
        }
        int position = 0;
        int toRun = 0;
        int sessions = 0;
        for (BlockPlan.Block b : plan.blocks()) {
            out.printf("  block %d: %s, repeats %d-%d, %d tests%n", b.index(), b.variant(), b.firstRepeat(),
                    b.lastRepeat(), b.plan().testCount());
            toRun += printSessions(spec, b.plan(), done, position, "    ", out);
            position += b.plan().testCount();
            sessions += b.plan().sessions().size();
        }
        out.printf("tests: %d in %d blocks, %d guest sessions%s%n", plan.testCount(), plan.blocks().size(), sessions,
                done.isEmpty() ? "" : ", " + toRun + " still to run");
        printWallTime(spec, toRun, sessions, out);
        out.printf("switches: up to %d (one per change of variant between blocks, each may reboot)%n",
                switches(spec.blocks()));
        if (spec.adaptiveRepeats()) {
            out.printf("adaptive repeats: not with --all (the plan on disk is fixed); block_repeats sets the repeats%n");
        }
        printTrailer(spec, toRun, "first in each block", out);
    }

    private static int switches(List<String> blocks) {
        int n = 0;
        for (int i = 1; i < blocks.size(); i++) {
            if (!blocks.get(i).equals(blocks.get(i - 1))) {
                n++;
            }
        }
        return n;
    }

    /** Prints the sessions of {@code plan}, numbering tests from {@code position + 1}; returns the tests to run. */
    private static int printSessions(MatrixSpec spec, CampaignPlan plan, Set<TestKey> done, int position, String indent,
                                     PrintWriter out) {
        int n = position;
        int toRun = 0;
        for (GuestSession s : plan.sessions()) {
            String names = spec.guests().subList(0, s.guestCount()).stream().map(GuestSpec::name)
                    .collect(Collectors.joining(","));
            out.printf("%sguests %d (%s), repeat %d:%n", indent, s.guestCount(), names, s.repeat());
            for (TestKey k : s.tests()) {
                n++;
                boolean skip = done.contains(k);
                if (!skip) {
                    toRun++;
                }
                out.printf("%s  %4d  %-13s streams %d%s%n", indent, n, k.direction().label(), k.streams(),
                        skip ? "  (recorded, skipped)" : "");
            }
        }
        return toRun;
    }

    private static void printWallTime(MatrixSpec spec, int toRun, int sessions, PrintWriter out) {
        Duration wall = CampaignPlan.estimateTestTime(spec, toRun);
        boolean hooks = spec.hooks().start() != null;
        out.printf("estimated wall time: %s%s%n", format(wall), hooks
                ? " plus " + sessions + " guest start/stop cycles (readiness up to "
                + format(spec.hooks().readyTimeout()) + " each)"
                : "");
    }

    private static void printTrailer(MatrixSpec spec, int toRun, String when, PrintWriter out) {
        if (spec.selftest() && toRun > 0) {
            out.printf("selftest %s: the generator's ceiling on this machine (about 5s; selftest = false skips it)%n", when);
        }
        if (spec.latencyProbe()) {
            out.printf("latency probe: one per guest, a round trip every %s%n", format(spec.probePeriod()));
        }
        if (!spec.hostThreads().isEmpty()) {
            out.printf("thread CPU recorded for: %s%n", String.join(", ", spec.hostThreads()));
        }
        out.flush();
    }

    /** A duration as people read it: 500ms, 45s, 2m 5s, 7h 3m. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return ms % 1000 == 0 ? s + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
    }
}
