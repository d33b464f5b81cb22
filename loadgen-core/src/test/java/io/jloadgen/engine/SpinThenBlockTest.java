package io.jloadgen.engine;

import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpinThenBlockTest {
    @Test
    void readyEventsAreHandledAtOnce() throws Exception {
        SelectStrategy s = SpinThenBlock.factory(TimeUnit.HOURS.toNanos(1)).newSelectStrategy();
        assertThat(s.calculateStrategy(() -> 3, false)).isEqualTo(3);
    }

    @Test
    void pollsAgainWhileWithinTheSpinTime() throws Exception {
        SelectStrategy s = SpinThenBlock.factory(TimeUnit.HOURS.toNanos(1)).newSelectStrategy();
        for (int i = 0; i < 1000; i++) {
            assertThat(s.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.CONTINUE);
        }
    }

    @Test
    void blocksOnceTheSpinTimeHasPassedAndSpinsAgainAfterTheNextEvent() throws Exception {
        SelectStrategy s = SpinThenBlock.factory(1).newSelectStrategy();
        int first = s.calculateStrategy(() -> 0, false); // starts the idle clock
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int strategy = first;
        while (strategy == SelectStrategy.CONTINUE && System.nanoTime() < deadline) {
            strategy = s.calculateStrategy(() -> 0, false);
        }
        assertThat(strategy).isEqualTo(SelectStrategy.SELECT);
        assertThat(s.calculateStrategy(() -> 1, false)).isEqualTo(1);
    }

    @Test
    void pendingTasksAreNeverHeldUpBySpinning() throws Exception {
        SelectStrategy s = SpinThenBlock.factory(TimeUnit.HOURS.toNanos(1)).newSelectStrategy();
        assertThat(s.calculateStrategy(() -> 0, true)).isZero();
    }

    @Test
    void aSpinTimeMustBePositive() {
        assertThatThrownBy(() -> SpinThenBlock.factory(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
