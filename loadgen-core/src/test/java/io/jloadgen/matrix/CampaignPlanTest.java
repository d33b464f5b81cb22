package io.jloadgen.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.jloadgen.matrix.TestDirection.GUEST_TO_HOST;
import static io.jloadgen.matrix.TestDirection.HOST_TO_GUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class CampaignPlanTest {
    final MatrixSpec spec = SpecReader.parse(SpecReaderTest.MINIMAL);

    @Test
    void followsTheReferenceOrder() {
        CampaignPlan plan = CampaignPlan.expand(spec, "base");
        assertThat(plan.sessions()).extracting(GuestSession::guestCount, GuestSession::repeat)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(1, 2),
                        org.assertj.core.groups.Tuple.tuple(2, 1), org.assertj.core.groups.Tuple.tuple(2, 2));
        assertThat(plan.sessions().get(2).tests()).containsExactly(
                new TestKey("base", HOST_TO_GUEST, 2, 1, 1),
                new TestKey("base", GUEST_TO_HOST, 2, 1, 1),
                new TestKey("base", HOST_TO_GUEST, 2, 4, 1),
                new TestKey("base", GUEST_TO_HOST, 2, 4, 1));
        assertThat(plan.testCount()).isEqualTo(2 * 2 * 2 * 2);
        assertThat(plan.tests()).doesNotHaveDuplicates().hasSize(16);
    }

    @Test
    void referenceExperimentIs192TestsIn24Sessions() throws Exception {
        MatrixSpec xen = SpecReader.read(ExampleSpecsTest.examples().resolve("xen-netback.toml"));
        CampaignPlan plan = CampaignPlan.expand(xen, "patched");
        assertThat(plan.testCount()).isEqualTo(192);
        assertThat(plan.sessions()).hasSize(24);
        // 192 x (2 s omit + 120 s + 1 s overhead)
        assertThat(CampaignPlan.estimateTestTime(xen, plan.testCount())).isEqualTo(Duration.ofSeconds(192 * 123));
    }

    @Test
    void shuffledOrderIsASeededPermutation() {
        MatrixSpec shuffled = SpecReader.parse(SpecReaderTest.MINIMAL.replace("port = 5301",
                "port = 5301\norder = \"shuffled\"\nseed = 42"));
        CampaignPlan a = CampaignPlan.expand(shuffled, "base");
        CampaignPlan b = CampaignPlan.expand(shuffled, "base");
        assertThat(a).isEqualTo(b);
        assertThat(a.tests()).containsExactlyInAnyOrderElementsOf(CampaignPlan.expand(spec, "base").tests());
        MatrixSpec otherSeed = SpecReader.parse(SpecReaderTest.MINIMAL.replace("port = 5301",
                "port = 5301\norder = \"shuffled\"\nseed = 7"));
        // 4 sessions have 24 orders; these two seeds give different ones (fixed by java.util.Random's algorithm)
        assertThat(CampaignPlan.expand(otherSeed, "base").sessions()).isNotEqualTo(a.sessions());
    }

    @Test
    void overridesReplaceKeysAndNameTheOption() {
        SpecOverrides o = new SpecOverrides(Duration.ofSeconds(2), Duration.ZERO, 1, List.of(2), List.of(1),
                List.of(GUEST_TO_HOST));
        MatrixSpec trial = o.applyTo(spec);
        assertThat(trial.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(trial.omit()).isEqualTo(Duration.ZERO);
        assertThat(CampaignPlan.expand(trial, "big").tests())
                .containsExactly(new TestKey("big", GUEST_TO_HOST, 2, 1, 1));
        assertThat(SpecOverrides.NONE.applyTo(spec)).isEqualTo(spec);

        assertThatThrownBy(() -> new SpecOverrides(null, null, null, List.of(3), null, null).applyTo(spec))
                .hasMessage("--guest-counts: 3 exceeds the 2 guests defined in the spec (2)");
        assertThatThrownBy(() -> new SpecOverrides(Duration.ofMillis(100), null, null, null, null, null).applyTo(spec))
                .hasMessage("--duration: must be 1s..24h");
        assertThatThrownBy(() -> new SpecOverrides(null, null, 0, null, null, null).applyTo(spec))
                .hasMessage("--repeats: must be 1..1000, not 0");
        assertThatThrownBy(() -> new SpecOverrides(null, null, null, null, List.of(1, 1), null).applyTo(spec))
                .hasMessage("--streams: 1 is listed twice");
    }

    @Test
    void unknownVariantFailsBeforeExpansion() {
        assertThatThrownBy(() -> CampaignPlan.expand(spec, "nope")).isInstanceOf(SpecException.class)
                .hasMessageStartingWith("--variant: 'nope'");
    }

    @Test
    void dryRunPrintsSessionsCountAndEstimate() {
        CampaignPlan plan = CampaignPlan.expand(spec, "big");
        StringWriter text = new StringWriter();
        PlanPrinter.print(spec, plan, Set.of(new TestKey("big", HOST_TO_GUEST, 1, 1, 1)), new PrintWriter(text));
        String out = text.toString();
        assertThat(out).contains("plan: experiment t, variant big")
                .contains("each test: 1s omitted + 5s measured, 1s per interval, port 5301")
                .contains("client: -w 256K transport nio")
                .contains("  guests 2 (g1,g2), repeat 2:")
                .contains("       1  host-to-guest streams 1  (recorded, skipped)")
                .contains("      16  guest-to-host streams 4")
                .contains("tests: 16 in 4 guest sessions, 15 still to run")
                // 15 x (1 + 5 + 1) s = 105 s
                .contains("estimated wall time: 1m 45s plus 4 guest start/stop cycles (readiness up to 7s each)")
                .contains("selftest first: the generator's ceiling on this machine");
    }

    @Test
    void durationsAreFormattedForPeople() {
        assertThat(PlanPrinter.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(PlanPrinter.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(PlanPrinter.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(PlanPrinter.format(Duration.ofSeconds(192 * 123))).isEqualTo("6h 33m");
    }

}
