package io.jloadgen.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values computed independently with NumPy/SciPy 1.17.1:
 * {@code np.mean(x)}, {@code np.std(x, ddof=1)}, {@code mean -+ stats.t.ppf(0.975, n-1) * sd / sqrt(n)}.
 */
@Timeout(10)
class SampleStatisticsTest {

    @Test
    void threeRepeatsMatchScipy() {
        SampleStatistics s = SampleStatistics.of(new double[] {9.41, 9.38, 9.45});

        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(9.413333333333332, within(1e-12));
        assertThat(s.sd()).isCloseTo(0.035118845842841716, within(1e-12));
        assertThat(s.ci95Low()).isCloseTo(9.326093283981983, within(1e-9));
        assertThat(s.ci95High()).isCloseTo(9.500573382684681, within(1e-9));
        // t(0.975, 2) = 4.302652729749462 (SciPy; textbook tables give 4.303)
        assertThat(s.ci95HalfWidth()).isCloseTo(4.302652729749462 * 0.035118845842841716 / Math.sqrt(3), within(1e-9));
    }

    @Test
    void sevenValuesMatchScipy() {
        SampleStatistics s = SampleStatistics.of(new double[] {5.1, 4.9, 5.6, 5.3, 4.7, 5.0, 5.2});

        assertThat(s.mean()).isCloseTo(5.114285714285714, within(1e-12));
        assertThat(s.sd()).isCloseTo(0.29113897843110026, within(1e-12));
        assertThat(s.ci95Low()).isCloseTo(4.845027067914052, within(1e-9));
        assertThat(s.ci95High()).isCloseTo(5.383544360657376, within(1e-9));
    }

    @Test
    void singleValueHasMeanButNoSpread() {
        SampleStatistics s = SampleStatistics.of(new double[] {7.5});

        assertThat(s.n()).isEqualTo(1);
        assertThat(s.mean()).isEqualTo(7.5);
        assertThat(s.sd()).isNaN();
        assertThat(s.ci95Low()).isNaN();
        assertThat(s.ci95High()).isNaN();
    }

    @Test
    void emptySampleIsAllNaN() {
        SampleStatistics s = SampleStatistics.of(new double[0]);

        assertThat(s.n()).isZero();
        assertThat(s.mean()).isNaN();
        assertThat(s.sd()).isNaN();
    }

    @Test
    void constantSampleHasZeroWidthInterval() {
        SampleStatistics s = SampleStatistics.of(new double[] {3, 3, 3});

        assertThat(s.sd()).isZero();
        assertThat(s.ci95Low()).isEqualTo(3);
        assertThat(s.ci95High()).isEqualTo(3);
    }
}
