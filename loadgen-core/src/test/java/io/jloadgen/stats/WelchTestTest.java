package io.jloadgen.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values from SciPy 1.17.1, {@code scipy.stats.ttest_ind(a, b, equal_var=False)} (statistic,
 * pvalue, df), computed independently of Apache Commons Statistics.
 */
@Timeout(10)
class WelchTestTest {

    @Test
    void wikipediaWelchExampleA1A2() {
        // The data set of the Wikipedia article "Welch's t-test", example 1 (t = -2.46, df = 24.99, p = 0.021)
        double[] a1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
        double[] a2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};

        WelchTest.Result r = WelchTest.test(a1, a2);

        assertThat(r.t()).isCloseTo(-2.455356398286006, within(1e-10));
        assertThat(r.df()).isCloseTo(24.988529290231416, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.021378001462866992, within(1e-10));
        assertThat(r.significant(0.05)).isTrue();
    }

    @Test
    void clearDropIsSignificant() {
        WelchTest.Result r = WelchTest.test(new double[] {9.41, 9.38, 9.45}, new double[] {7.62, 7.80, 7.71});

        assertThat(r.t()).isCloseTo(30.538090968493865, within(1e-9));
        assertThat(r.df()).isCloseTo(2.5952530702770464, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.00021706999110179633, within(1e-12));
        assertThat(r.significant(0.05)).isTrue();
    }

    @Test
    void overlappingSamplesAreNotSignificant() {
        WelchTest.Result r = WelchTest.test(new double[] {9.41, 9.38, 9.45}, new double[] {9.40, 9.47, 9.36});

        assertThat(r.t()).isCloseTo(0.08770580193066978, within(1e-9));
        assertThat(r.df()).isCloseTo(3.3739269315231954, within(1e-9));
        assertThat(r.pValue()).isCloseTo(0.9350621144097926, within(1e-10));
        assertThat(r.significant(0.05)).isFalse();
    }

    @Test
    void constantSamplesAreDecidedWithoutTheLibrary() {
        assertThat(WelchTest.test(new double[] {2, 2}, new double[] {2, 2}).pValue()).isEqualTo(1.0);
        WelchTest.Result differ = WelchTest.test(new double[] {2, 2}, new double[] {1, 1});
        assertThat(differ.pValue()).isEqualTo(0.0);
        assertThat(differ.t()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void refusesSamplesOfOne() {
        assertThatThrownBy(() -> WelchTest.test(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2");
    }
}
