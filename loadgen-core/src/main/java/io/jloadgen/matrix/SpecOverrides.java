package io.jloadgen.matrix;

import java.time.Duration;
import java.util.List;

/**
 * Command-line values that replace spec keys for a quick trial run ({@code --duration}, {@code --omit},
 * {@code --repeats}, {@code --guest-counts}, {@code --streams}, {@code --directions}, {@code --latency-probe},
 * {@code --block-repeats}). Null means "as in the spec".
 */
public record SpecOverrides(Duration duration, Duration omit, Integer repeats, List<Integer> guestCounts,
                            List<Integer> streams, List<TestDirection> directions, Boolean latencyProbe,
                            Integer blockRepeats) {

    public static final SpecOverrides NONE = new SpecOverrides(null, null, null, null, null, null, null, null);

    /** Without a block-repeats override. */
    public SpecOverrides(Duration duration, Duration omit, Integer repeats, List<Integer> guestCounts,
                         List<Integer> streams, List<TestDirection> directions, Boolean latencyProbe) {
        this(duration, omit, repeats, guestCounts, streams, directions, latencyProbe, null);
    }

    /** Without a latency-probe override. */
    public SpecOverrides(Duration duration, Duration omit, Integer repeats, List<Integer> guestCounts,
                         List<Integer> streams, List<TestDirection> directions) {
        this(duration, omit, repeats, guestCounts, streams, directions, null, null);
    }

    /** The spec with the overrides applied and checked; messages name the option. */
    public MatrixSpec applyTo(MatrixSpec spec) {
        Duration d = duration != null ? duration : spec.duration();
        if (duration != null && (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0)) {
            throw new SpecException("--duration", "must be 1s..24h");
        }
        if (duration != null && spec.interval().compareTo(d) > 0) {
            throw new SpecException("--duration", "must be at least the spec's interval (" + spec.interval().toMillis() + " ms)");
        }
        Duration o = omit != null ? omit : spec.omit();
        if (omit != null && o.compareTo(Duration.ofHours(1)) > 0) {
            throw new SpecException("--omit", "must be at most 1h");
        }
        int r = repeats != null ? repeats : spec.repeats();
        if (r < 1 || r > 1000) {
            throw new SpecException("--repeats", "must be 1..1000, not " + r);
        }
        List<Integer> g = guestCounts != null
                ? CountList.validate(guestCounts, "--guest-counts", 1, spec.guests().size(),
                        "the " + spec.guests().size() + " guests defined in the spec")
                : spec.guestCounts();
        List<Integer> s = streams != null ? CountList.validate(streams, "--streams", 1, 128, "the limit") : spec.streams();
        List<TestDirection> dirs = directions != null ? directions : spec.directions();
        if (dirs.isEmpty() || g.isEmpty() || s.isEmpty()) {
            throw new SpecException(dirs.isEmpty() ? "--directions" : g.isEmpty() ? "--guest-counts" : "--streams",
                    "must not be empty");
        }
        if (dirs.stream().distinct().count() != dirs.size()) {
            throw new SpecException("--directions", "a direction is listed twice");
        }
        if (blockRepeats != null && (blockRepeats < 1 || blockRepeats > 1000)) {
            throw new SpecException("--block-repeats", "must be 1..1000, not " + blockRepeats);
        }
        MatrixSpec out = spec.with(d, o, r, g, s, dirs);
        if (blockRepeats != null) {
            out = out.withBlockRepeats(blockRepeats);
        }
        return latencyProbe != null ? out.withLatencyProbe(latencyProbe) : out;
    }
}
