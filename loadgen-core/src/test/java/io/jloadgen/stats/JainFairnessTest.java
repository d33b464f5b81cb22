package io.jloadgen.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-computed values: (1+2+3+4)^2 / (4 * (1+4+9+16)) = 100/120. */
@Timeout(10)
class JainFairnessTest {

    @Test
    void equalSharesAreFair() {
        assertThat(JainFairness.index(new double[] {2.5, 2.5, 2.5})).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void oneGuestTakingAllIsOneOverN() {
        assertThat(JainFairness.index(new double[] {8, 0, 0, 0})).isCloseTo(0.25, within(1e-15));
    }

    @Test
    void unevenShares() {
        assertThat(JainFairness.index(List.of(1.0, 2.0, 3.0, 4.0))).isCloseTo(100.0 / 120.0, within(1e-15));
    }

    @Test
    void undefinedWithoutTraffic() {
        assertThat(JainFairness.index(new double[0])).isNaN();
        assertThat(JainFairness.index(new double[] {0, 0})).isNaN();
    }
}
