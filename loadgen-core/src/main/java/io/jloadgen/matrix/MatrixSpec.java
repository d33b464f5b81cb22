package io.jloadgen.matrix;

import io.jloadgen.config.LatencyProbeConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign spec file after parsing and validation (see {@link SpecReader}): immutable, every list
 * non-empty and every value in range. DESIGN.md "Spec file" describes the keys.
 *
 * @param name        experiment name; results go to {@code <out>/<name>/}
 * @param duration    measured window per test
 * @param omit        warm-up dropped before the window
 * @param interval    length of one sample interval
 * @param repeats     repeats per cell
 * @param guestCounts guest counts to run, in spec order
 * @param streams     TCP streams per guest
 * @param directions  directions to run
 * @param port        port every guest's server listens on
 * @param retries     extra attempts of a failed test before it is recorded as failed
 * @param order       order of guest counts
 * @param seed        seed of the shuffled order (recorded in every result)
 * @param maxRepeats  upper bound of adaptive repeats, or {@code repeats} when adaptive repeats are off
 * @param targetCiPct target 95% CI half-width in % of the mean, 0 when adaptive repeats are off
 * @param guests      the guests, in order
 * @param hooks       lifecycle commands
 * @param variants    variants by name, in spec order
 * @param selftest    whether to measure the generator's ceiling before the first test (key {@code selftest})
 * @param latencyProbe whether every guest's client runs a latency probe (key {@code latency_probe})
 * @param probePeriod the probe's period (key {@code probe_period}, default 10 ms)
 * @param hostThreads thread-name globs whose CPU each record carries (key {@code [host] threads}), may be empty
 * @param blocks      variant names in the order {@code --all} measures them (key {@code blocks}; default each
 *                    variant once, in spec order)
 * @param explicitBlockRepeats repeats of the whole matrix per block (key {@code block_repeats}), 0 when not set:
 *                    then {@link #repeatsPerBlock()} is {@code repeats}
 */
public record MatrixSpec(
        String name,
        Duration duration,
        Duration omit,
        Duration interval,
        int repeats,
        List<Integer> guestCounts,
        List<Integer> streams,
        List<TestDirection> directions,
        int port,
        int retries,
        Order order,
        long seed,
        int maxRepeats,
        double targetCiPct,
        List<GuestSpec> guests,
        HookSpec hooks,
        Map<String, VariantSpec> variants,
        boolean selftest,
        boolean latencyProbe,
        Duration probePeriod,
        List<String> hostThreads,
        List<String> blocks,
        int explicitBlockRepeats) {

    /** How guest counts are ordered in the plan. */
    public enum Order {
        /** As listed in {@code guest_counts}. */
        IN_ORDER,
        /** A seeded random permutation, to decorrelate slow drift from the guest count. */
        SHUFFLED
    }

    public MatrixSpec {
        guestCounts = List.copyOf(guestCounts);
        streams = List.copyOf(streams);
        directions = List.copyOf(directions);
        guests = List.copyOf(guests);
        variants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        hostThreads = List.copyOf(hostThreads);
        blocks = List.copyOf(blocks);
        new LatencyProbeConfig(probePeriod); // validates
    }

    /** The probe every guest's client runs, null when {@code latency_probe} is off. */
    public LatencyProbeConfig latencyProbeConfig() {
        return latencyProbe ? new LatencyProbeConfig(probePeriod) : null;
    }

    /** Copy with the latency probe on or off ({@code --latency-probe}). */
    public MatrixSpec withLatencyProbe(boolean on) {
        return new MatrixSpec(name, duration, omit, interval, repeats, guestCounts, streams, directions, port, retries,
                order, seed, maxRepeats, targetCiPct, guests, hooks, variants, selftest, on, probePeriod,
                hostThreads, blocks, explicitBlockRepeats);
    }

    /** Whether {@code max_repeats}/{@code target_ci_pct} add repeats to cells with a wide spread. */
    public boolean adaptiveRepeats() {
        return targetCiPct > 0 && maxRepeats > repeats;
    }

    /** The variant called {@code name}; the message lists the known ones. */
    public VariantSpec variant(String variantName) {
        VariantSpec v = variants.get(variantName);
        if (v == null) {
            throw new SpecException("--variant", "'" + variantName + "' is not in the spec's [variants] (known: "
                    + String.join(", ", variants.keySet()) + ")");
        }
        return v;
    }

    /**
     * Copy with other values for the keys a quick trial run may override. Overriding the repeat count turns
     * adaptive repeats off: a trial run with {@code --repeats 1} means exactly one.
     */
    public MatrixSpec with(Duration newDuration, Duration newOmit, int newRepeats, List<Integer> newGuestCounts,
                           List<Integer> newStreams, List<TestDirection> newDirections) {
        return new MatrixSpec(name, newDuration, newOmit, interval, newRepeats, newGuestCounts, newStreams,
                newDirections, port, retries, order, seed,
                newRepeats == repeats ? maxRepeats : newRepeats, newRepeats == repeats ? targetCiPct : 0, guests, hooks,
                variants, selftest, latencyProbe, probePeriod, hostThreads, blocks, explicitBlockRepeats);
    }

    /** Copy with {@code block_repeats} set ({@code --block-repeats}). */
    public MatrixSpec withBlockRepeats(int n) {
        return new MatrixSpec(name, duration, omit, interval, repeats, guestCounts, streams, directions, port, retries,
                order, seed, maxRepeats, targetCiPct, guests, hooks, variants, selftest, latencyProbe,
                probePeriod, hostThreads, blocks, n);
    }

    /** Repeats of the whole matrix one block of {@code --all} runs: {@code block_repeats}, else {@code repeats}. */
    public int repeatsPerBlock() {
        return explicitBlockRepeats > 0 ? explicitBlockRepeats : repeats;
    }
}
