package io.jloadgen.matrix;

import io.jloadgen.host.HostInfo;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Puts the system into a block's variant before the block runs, or stops the campaign. The checks of every variant
 * say where the system is; if that is not the block's variant, the switch is journalled (synced) and then run. A
 * switch that reboots the machine ends this process; the resume at boot sees the journal. A switch that returns is
 * followed by the checks again, in this process.
 *
 * <p>Guards, each a {@link CampaignStoppedException}: the system matches no variant or several; the switch returned
 * but the block's check still fails; a block already had {@value #MAX_ATTEMPTS} switch attempts (counted in the
 * journal, across boots: no reboot loop); the variant's check passes but the kernel differs from the one its
 * earlier records were made under.
 */
final class VariantSwitcher {
    static final int MAX_ATTEMPTS = 2;

    private final MatrixSpec spec;
    private final VariantDetector detector;
    private final HookRunner hooks;
    private final SwitchJournal journal;
    private final ProgressListener progress;
    private final Supplier<HostInfo> host;

    VariantSwitcher(MatrixSpec spec, HookRunner hooks, SwitchJournal journal, ProgressListener progress,
                    Supplier<HostInfo> host) {
        this.spec = spec;
        this.detector = new VariantDetector(spec, hooks);
        this.hooks = hooks;
        this.journal = journal;
        this.progress = progress;
        this.host = host;
    }

    /**
     * Returns once the system is in {@code block}'s variant, as its check and the kernel of its earlier records say.
     *
     * @param earlier the variant's records so far (any block), for the kernel guard
     */
    void enter(BlockPlan.Block block, List<ResultRecord> earlier)
            throws CampaignStoppedException, HookFailedException, InterruptedException, IOException {
        String target = block.variant();
        String current = detect();
        if (!current.equals(target)) {
            int attempts = journal.attempts(block.index());
            if (attempts >= MAX_ATTEMPTS) {
                throw new CampaignStoppedException("block " + block.index() + " (" + target + "): " + attempts
                        + " switch attempts did not reach the variant, the system is still in '" + current + "' ("
                        + journal.file() + "). Fix variants." + target + ".switch or the system, then run 'jloadgen "
                        + "matrix reset-switches " + journal.file().toAbsolutePath().getParent() + "' and resume");
            }
            VariantSpec v = spec.variant(target);
            HostInfo h = host.get();
            journal.append(new SwitchJournal.Entry(block.index(), current, target,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), h.bootId(), attempts + 1));
            progress.message("block " + block.index() + ": switching " + current + " -> " + target + " (attempt "
                    + (attempts + 1) + " of " + MAX_ATTEMPTS + "): " + v.switchCommand());
            hooks.runOrThrow("switch " + target, HookTemplate.fill(v.switchCommand(),
                    java.util.Map.of("variant", target)), spec.hooks().timeout());
            // the switch returned: no reboot, so the system must be in the variant now
            HookResult check = hooks.run("check " + target, v.check(), spec.hooks().timeout());
            if (!check.ok()) {
                throw new CampaignStoppedException("switch to variant '" + target + "' did not reach it: its check '"
                        + v.check() + "' still fails (" + VariantDetector.outcome(check) + ")");
            }
            String after = detect();
            if (!after.equals(target)) {
                throw new CampaignStoppedException("after the switch to '" + target + "' the checks say the system is in '"
                        + after + "'");
            }
            progress.message("block " + block.index() + ": system is in " + target);
        }
        requireSameKernel(target, earlier);
    }

    /** The one variant whose check passes. */
    private String detect() throws CampaignStoppedException, InterruptedException {
        VariantDetector.Detection d = detector.detect();
        if (d.variant() == null) {
            throw new CampaignStoppedException(d.explain());
        }
        return d.variant();
    }

    /** A variant is a system: its check passing on another kernel than before means the label no longer fits. */
    private void requireSameKernel(String variant, List<ResultRecord> earlier) throws CampaignStoppedException {
        String kernel = host.get().kernel();
        for (ResultRecord r : earlier) {
            Object recorded = r.env() == null ? null : r.env().get("kernel");
            if (recorded != null && !Objects.equals(recorded, kernel)) {
                throw new CampaignStoppedException("variant '" + variant + "': its check passes, but this system runs "
                        + "kernel " + kernel + " and the variant's earlier records (block " + r.block() + ", "
                        + r.startedAt() + ") were made under kernel " + recorded + ": the results would mix two "
                        + "systems under one label");
            }
        }
    }
}
