package io.jloadgen.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcStatSnapshotTest {
    @Test
    void busyIsEverythingButIdleAndIowaitGuestNotCountedTwice() {
        String text = """
                cpu  100 2 30 1000 7 4 5 6 50 1
                cpu0 50 1 15 500 3 2 2 3 25 0
                intr 12345
                """;

        ProcStatSnapshot s = ProcStatSnapshot.parse(text);

        assertThat(s.busyTicks()).isEqualTo(100 + 2 + 30 + 4 + 5 + 6);
        assertThat(s.idleTicks()).isEqualTo(1000 + 7);
    }

    @Test
    void deltasInSecondsAndFraction() {
        ProcStatSnapshot before = new ProcStatSnapshot(1_000, 5_000);
        ProcStatSnapshot after = new ProcStatSnapshot(1_150, 5_050);

        assertThat(after.busySecondsSince(before)).isEqualTo(1.5);
        assertThat(after.busyFractionSince(before)).isEqualTo(0.75);
    }

    @Test
    void missingAggregateLineIsRejected() {
        assertThatThrownBy(() -> ProcStatSnapshot.parse("cpu0 1 2 3 4\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no aggregate cpu line");
    }

    @Test
    void readsThisMachine() {
        ProcStatSnapshot s = ProcStatSnapshot.read();

        assertThat(s).isNotNull();
        assertThat(s.busyTicks()).isPositive();
    }
}
