package io.jloadgen.matrix;

import io.jloadgen.host.HostInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives blocks of an {@code --all} campaign their switch attempts back, once the user has fixed what made a switch
 * miss its variant: a reset line per block in the journal (synced), so the next resume may switch again. Never
 * automatic: the attempt limit is what keeps a broken switch from rebooting the machine forever.
 */
public final class SwitchResets {
    private SwitchResets() {
    }

    /**
     * Resets {@code block}, or, when null, every block that used up its attempts; returns one line per block reset.
     *
     * @throws SpecException when {@code dir} has no plan.json or the plan has no block {@code block}
     */
    public static List<String> reset(Path dir, Integer block) throws IOException {
        PlanFile plan = PlanFile.readIn(dir);
        if (block != null && plan.blocks().stream().noneMatch(b -> b.index() == block)) {
            throw new SpecException("--block", "the plan has blocks 1 to " + plan.blocks().size() + ", not " + block);
        }
        SwitchJournal journal = SwitchJournal.read(SwitchJournal.fileIn(dir));
        List<Integer> blocks = block != null ? List.of(block) : journal.blocksWithAttempts(VariantSwitcher.MAX_ATTEMPTS);
        String time = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String bootId = HostInfo.read().bootId();
        List<String> done = new ArrayList<>();
        for (int b : blocks) {
            int before = journal.attempts(b);
            journal.append(SwitchJournal.Entry.resetOf(b, time, bootId));
            String variant = plan.blocks().stream().filter(e -> e.index() == b).map(PlanFile.BlockEntry::variant)
                    .findFirst().orElse("?");
            done.add("block " + b + " (" + variant + "): " + before + " switch attempt" + (before == 1 ? "" : "s")
                    + " forgotten; the next resume may switch " + VariantSwitcher.MAX_ATTEMPTS + " more times");
        }
        return done;
    }
}
