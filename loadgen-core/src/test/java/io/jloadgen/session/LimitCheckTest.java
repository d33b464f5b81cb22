package io.jloadgen.session;

import io.jloadgen.config.ServerLimits;
import io.jloadgen.protocol.TestParameters;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitCheckTest {
    private static TestParameters params(int timeS, int omitS, long bytes, int parallel, boolean bidir, long bandwidth) {
        return new TestParameters(false, omitS, timeS, bytes, 0, parallel, false, bidir, 0, 131072, bandwidth, 0, false,
                null, null, false, "3.12", false);
    }

    @Test
    void noLimitsRefuseNothing() {
        assertThat(LimitCheck.check(ServerLimits.NONE, params(86_400, 600, 0, 128, true, 0))).isNull();
    }

    @Test
    void durationCountsOmitAndRefusesByteCounts() {
        ServerLimits l = new ServerLimits(Duration.ofSeconds(10), 0, 0);
        assertThat(LimitCheck.check(l, params(10, 0, 0, 1, false, 0))).isNull();
        assertThat(LimitCheck.check(l, params(9, 2, 0, 1, false, 0))).isEqualTo(new LimitCheck.Refusal(37,
                "over --max-duration 10 s: asks for 9 s plus 2 s omitted"));
        assertThat(LimitCheck.check(l, params(0, 0, 1_000_000, 1, false, 0)).iperfError()).isEqualTo(37);
    }

    @Test
    void streamsAreCountedAsTheClientsMinusP() {
        ServerLimits l = new ServerLimits(Duration.ZERO, 4, 0);
        assertThat(LimitCheck.check(l, params(1, 0, 0, 4, true, 0))).isNull();
        assertThat(LimitCheck.check(l, params(1, 0, 0, 5, false, 0))).isEqualTo(new LimitCheck.Refusal(6,
                "over --max-streams 4: asks for 5 streams"));
    }

    @Test
    void bitrateIsTheTotalOverStreamsAndDirections() {
        ServerLimits l = new ServerLimits(Duration.ZERO, 0, 100);
        assertThat(LimitCheck.check(l, params(1, 0, 0, 2, true, 25))).isNull();
        assertThat(LimitCheck.check(l, params(1, 0, 0, 2, true, 26))).isEqualTo(new LimitCheck.Refusal(27,
                "over --max-bitrate 100 bit/s: asks for 104 bit/s in total"));
        assertThat(LimitCheck.check(l, params(1, 0, 0, 1, false, 0)).reason()).contains("unlimited rate");
        // the largest rate the protocol allows times the most streams does not overflow into a pass
        assertThat(LimitCheck.check(l, params(1, 0, 0, 128, true, 1_000_000_000_000_000L)).iperfError()).isEqualTo(27);
    }

    @Test
    void negativeLimitsNameTheOption() {
        assertThatThrownBy(() -> new ServerLimits(Duration.ofSeconds(-1), 0, 0)).hasMessageStartingWith("--max-duration");
        assertThatThrownBy(() -> new ServerLimits(Duration.ZERO, -1, 0)).hasMessageStartingWith("--max-streams");
        assertThatThrownBy(() -> new ServerLimits(Duration.ZERO, 0, -1)).hasMessageStartingWith("--max-bitrate");
    }
}
