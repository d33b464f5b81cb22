package io.jloadgen.matrix;

import io.jloadgen.api.TestResult;
import io.jloadgen.config.Direction;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.stats.IntervalSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class GuestAggregateTest {
    static final long GBIT_PER_S = 125_000_000L; // bytes in one second at 1 Gbit/s

    /** A result whose intervals carry {@code gbps[i]} (one stream); one omitted interval first. */
    static TestResult result(long receivedBytes, Long retransmits, double... gbps) {
        List<IntervalSample> samples = new ArrayList<>();
        samples.add(new IntervalSample(0, 1, new long[] {GBIT_PER_S * 9}, true));
        for (int i = 0; i < gbps.length; i++) {
            samples.add(new IntervalSample(1 + i, 2 + i, new long[] {Math.round(gbps[i] * GBIT_PER_S)}, false));
        }
        return new TestResult(true, null, Direction.FORWARD, 1, "epoll", 1, gbps.length, receivedBytes, receivedBytes,
                retransmits, samples, CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, "{}");
    }

    @Test
    void cleanTestUsesReceiverTotalsOverTheWindow() {
        GuestAggregate a = GuestAggregate.of(List.of("a", "b"),
                List.of(result(4 * GBIT_PER_S * 3, 5L, 4, 4, 4), result(2 * GBIT_PER_S * 3, 7L, 2, 2, 2)),
                TestDirection.HOST_TO_GUEST);
        assertThat(a.flags()).isEmpty();
        assertThat(a.guestGbps()).containsExactly(4.0, 2.0);
        assertThat(a.throughputGbps()).isEqualTo(6.0);
        assertThat(a.guestIntervalsGbps()).containsExactly(List.of(4.0, 4.0, 4.0), List.of(2.0, 2.0, 2.0));
        assertThat(a.retransmits()).isEqualTo(12L);
        // (6)^2 / (2 * (16 + 4)) = 0.9
        assertThat(a.fairness()).isEqualTo(0.9);
    }

    @Test
    void aLateGuestIsFlaggedAndTheWindowShrinksToWhenAllSent() {
        GuestAggregate a = GuestAggregate.of(List.of("a", "b"),
                List.of(result(0, null, 3, 3, 3, 3), result(0, null, 0, 1, 1, 1)), TestDirection.GUEST_TO_HOST);
        assertThat(a.flags()).containsExactly("late-start:b");
        // common window: intervals 2..4 where both sent
        assertThat(a.guestGbps()).containsExactly(3.0, 1.0);
        assertThat(a.throughputGbps()).isEqualTo(4.0);
        assertThat(a.retransmits()).isNull();
    }

    @Test
    void aStallInTheMiddleOrAtTheEndIsFlagged() {
        GuestAggregate a = GuestAggregate.of(List.of("a", "b", "c"),
                List.of(result(0, null, 2, 2, 2, 2), result(0, null, 2, 0.01, 2, 2), result(0, null, 2, 2, 2)),
                TestDirection.HOST_TO_GUEST);
        assertThat(a.flags()).containsExactly("stall:b", "stall:c");
        // the common window is intervals 1 and 3: b stalls in 2, c has no 4th
        assertThat(a.guestGbps()).containsExactly(2.0, 2.0, 2.0);
    }

    @Test
    void aGuestThatNeverSentLeavesNoCommonWindow() {
        GuestAggregate a = GuestAggregate.of(List.of("a", "b"),
                List.of(result(0, null, 2, 2), result(0, null, 0, 0)), TestDirection.HOST_TO_GUEST);
        assertThat(a.flags()).containsExactly("stall:b", "no-common-window");
        assertThat(a.guestGbps()).containsExactly(0.0, 0.0);
        assertThat(a.fairness()).isNull();
    }

    @Test
    void aShortLastIntervalIsTheStopNotAStall() {
        TestResult withTail = result(3 * GBIT_PER_S * 2, null, 3, 3);
        List<IntervalSample> samples = new ArrayList<>(withTail.intervals());
        samples.add(new IntervalSample(3, 3.006, new long[] {0}, false));
        TestResult r = new TestResult(true, null, Direction.FORWARD, 1, "epoll", 1, 2, withTail.bytesSent(),
                withTail.bytesReceived(), null, samples, CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, "{}");
        GuestAggregate a = GuestAggregate.of(List.of("a"), List.of(r), TestDirection.HOST_TO_GUEST);
        assertThat(a.flags()).isEmpty();
        assertThat(a.guestIntervalsGbps()).containsExactly(List.of(3.0, 3.0));
        assertThat(a.guestGbps()).containsExactly(3.0);
    }

    @Test
    void jainsIndex() {
        assertThat(GuestAggregate.jain(List.of(1.0, 1.0, 1.0, 1.0))).isEqualTo(1.0);
        assertThat(GuestAggregate.jain(List.of(4.0, 0.0, 0.0, 0.0))).isEqualTo(0.25);
        assertThat(GuestAggregate.jain(List.of(5.0))).isEqualTo(1.0);
    }
}
