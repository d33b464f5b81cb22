package io.jloadgen.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitsTest {
    @Test
    void sizesAreBinaryRatesAreSi() {
        assertThat(Units.parseBytes("128K")).isEqualTo(131072);
        assertThat(Units.parseBytes("1M")).isEqualTo(1048576);
        assertThat(Units.parseBytes("4096")).isEqualTo(4096);
        assertThat(Units.parseBitsPerSecond("10M")).isEqualTo(10_000_000);
        assertThat(Units.parseBitsPerSecond("1.5G")).isEqualTo(1_500_000_000);
        assertThat(Units.parseBitsPerSecond("100M/10")).isEqualTo(100_000_000);
    }

    @Test
    void durations() {
        assertThat(Units.parseDuration("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Units.parseDuration("120s")).isEqualTo(Duration.ofSeconds(120));
        assertThat(Units.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Units.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Units.parseDuration("0.5")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Units.parseDuration("5x")).hasMessageContaining("unknown duration unit");
        assertThatThrownBy(() -> Units.parseDuration("-1")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> Units.parseBytes("lots")).hasMessageContaining("invalid size");
    }

    @Test
    void formatsLikeIperf3() {
        assertThat(Units.formatBytes(2.5 * 1024 * 1024 * 1024)).isEqualTo("2.50 GBytes");
        assertThat(Units.formatBytes(524 * 1024 * 1024)).isEqualTo("524 MBytes");
        assertThat(Units.formatBitsPerSecond(21.8e9)).isEqualTo("21.8 Gbits/sec");
        assertThat(Units.formatBitsPerSecond(0)).isEqualTo("0.00 bits/sec");
    }
}
