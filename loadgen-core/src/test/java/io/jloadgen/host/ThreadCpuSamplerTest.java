package io.jloadgen.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads this JVM's own named threads from /proc. */
@Timeout(30)
class ThreadCpuSamplerTest {

    @Test
    void globsMatchWholeNamesWithStarAndQuestionMark() {
        assertThat(ThreadCpuSampler.compile("vif*").matcher("vif1.0-q0-guest-rx").matches()).isTrue();
        assertThat(ThreadCpuSampler.compile("vif*").matcher("xvif1").matches()).isFalse();
        assertThat(ThreadCpuSampler.compile("ksoftirqd/*").matcher("ksoftirqd/0").matches()).isTrue();
        assertThat(ThreadCpuSampler.compile("ksoftirqd/?").matcher("ksoftirqd/12").matches()).isFalse();
        assertThat(ThreadCpuSampler.compile("a.b").matcher("axb").matches()).isFalse();
    }

    @Test
    void aBusyNamedThreadShowsCpuUnderItsPatternAndOthersDoNot() throws Exception {
        ThreadCpuSampler sampler = new ThreadCpuSampler(List.of("probe-burn*", "no-such-thread-?", "ksoftirqd/*"));
        // it burns past the end of sampling: a thread that has ended is gone from /proc with its ticks
        Thread burner = new Thread(() -> {
            long end = System.nanoTime() + 3_000_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "probe-burner");
        sampler.start(500_000_000L);
        burner.start();
        Thread.sleep(1_600);
        Map<String, Double> pct = sampler.stop(1_500_000_000L);
        burner.join(10_000);
        assertThat(pct).isNotNull().containsOnlyKeys("probe-burn*", "no-such-thread-?", "ksoftirqd/*");
        assertThat(pct.keySet()).containsExactly("probe-burn*", "no-such-thread-?", "ksoftirqd/*");
        assertThat(pct.get("probe-burn*")).isPositive();
        assertThat(pct.get("no-such-thread-?")).isZero();
        assertThat(pct.get("ksoftirqd/*")).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void aReadingSeesTheJvmsOwnThreadsByName() throws InterruptedException {
        Thread sleeper = new Thread(() -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                // done
            }
        }, "probe-sleeper");
        sleeper.start();
        try {
            Thread.sleep(100); // the JVM names the native thread as it starts
            ThreadCpuSampler.Reading r = new ThreadCpuSampler(List.of("probe-sl?eper", "nothing-*")).read();
            assertThat(r.ticks()).hasSize(2);
            assertThat(r.ticks().get(0)).hasSize(1);
            assertThat(r.ticks().get(1)).isEmpty();
        } finally {
            sleeper.interrupt();
            sleeper.join();
        }
    }
}
