package io.jloadgen.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatePacerTest {
    private static final long MS = 1_000_000;

    @Test
    void allowanceFollowsThePlan() {
        RatePacer p = new RatePacer(8_000_000); // 1 byte per microsecond
        assertThat(p.allowanceBytes(0)).isZero();
        assertThat(p.allowanceBytes(10 * MS)).isEqualTo(10_000);
        p.sent(4_000);
        assertThat(p.allowanceBytes(10 * MS)).isEqualTo(6_000);
        p.sent(10_000);
        assertThat(p.allowanceBytes(10 * MS)).isEqualTo(-4_000);
        assertThat(p.delayNsFor(1_000, -4_000)).isEqualTo(5 * MS);
    }

    @Test
    void aLateSenderCatchesUpOnlyBriefly() {
        RatePacer p = new RatePacer(8_000_000);
        p.allowanceBytes(0);
        p.sent(1_000);
        // stalled for 5 s: the plan would allow 5 MB at once; at most 20 ms of traffic is made up
        assertThat(p.allowanceBytes(5_000 * MS)).isEqualTo(20_000);
        p.sent(20_000);
        assertThat(p.allowanceBytes(5_001 * MS)).isEqualTo(1_000);
    }

    @Test
    void theCapNeverStarvesALargeBlockAtALowRate() {
        RatePacer p = new RatePacer(1_000_000); // 125 bytes per ms: 20 ms is 2,500 bytes
        p.allowanceBytes(0);
        p.sent(131_072);
        long later = 60_000 * MS;
        assertThat(p.allowanceBytes(later)).isGreaterThanOrEqualTo(131_072);
    }
}
