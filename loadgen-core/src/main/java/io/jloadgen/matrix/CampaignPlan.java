package io.jloadgen.matrix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The ordered tests of one variant's campaign, grouped into {@link GuestSession}s. Order follows the
 * reference experiment: for each guest count and repeat, start the guests, run every stream count and
 * direction, stop them. With {@code order = "shuffled"} the sessions (guest count x repeat) are permuted with
 * the spec's seed, so slow drift of the machine does not line up with the guest count.
 *
 * @param experiment the spec name
 * @param variant    the variant label
 * @param sessions   sessions in run order
 */
public record CampaignPlan(String experiment, String variant, List<GuestSession> sessions) {

    /** Setup time per test beyond omit and duration (connect, parameter exchange, result exchange). */
    static final Duration TEST_OVERHEAD = Duration.ofSeconds(1);

    public CampaignPlan {
        sessions = List.copyOf(sessions);
    }

    /** Expands the spec's matrix for {@code variant}. */
    public static CampaignPlan expand(MatrixSpec spec, String variant) {
        return expand(spec, variant, 0, 1, spec.repeats());
    }

    /**
     * Expands the matrix of one block of {@code --all}: repeats {@code firstRepeat} to
     * {@code firstRepeat + repeats - 1}, every key carrying {@code block} (0: a single-variant run). A shuffled
     * order uses a permutation per block, the same on every resume.
     */
    static CampaignPlan expand(MatrixSpec spec, String variant, int block, int firstRepeat, int repeats) {
        spec.variant(variant); // an unknown variant fails here, before anything runs
        List<GuestSession> sessions = new ArrayList<>();
        for (int guests : spec.guestCounts()) {
            for (int repeat = firstRepeat; repeat < firstRepeat + repeats; repeat++) {
                sessions.add(session(spec, variant, guests, repeat, block));
            }
        }
        if (spec.order() == MatrixSpec.Order.SHUFFLED) {
            Collections.shuffle(sessions, new Random(spec.seed() + block));
        }
        return new CampaignPlan(spec.name(), variant, sessions);
    }

    /** One session's tests: every stream count, and for each every direction. */
    static GuestSession session(MatrixSpec spec, String variant, int guests, int repeat, int block) {
        List<TestKey> tests = new ArrayList<>();
        for (int streams : spec.streams()) {
            for (TestDirection d : spec.directions()) {
                tests.add(new TestKey(variant, d, guests, streams, repeat, block));
            }
        }
        return new GuestSession(guests, repeat, tests);
    }

    public int testCount() {
        return sessions.stream().mapToInt(s -> s.tests().size()).sum();
    }

    /** Every test in run order. */
    public List<TestKey> tests() {
        return sessions.stream().flatMap(s -> s.tests().stream()).toList();
    }

    /** Wall time of {@code tests} tests of the spec's length, guest start-up not included. */
    public static Duration estimateTestTime(MatrixSpec spec, int tests) {
        return spec.omit().plus(spec.duration()).plus(TEST_OVERHEAD).multipliedBy(tests);
    }
}
