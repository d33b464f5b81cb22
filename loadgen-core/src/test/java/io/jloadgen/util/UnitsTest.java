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

    /** iperf3's -f: k m g t fix the unit in bits/sec (SI), K M G T in Bytes/sec (binary); the transfer column is not its business. */
    @Test
    void ratesInTheUnitFormatAsks() {
        assertThat(Units.formatRate(21.8e9, 'a')).isEqualTo("21.8 Gbits/sec");
        assertThat(Units.formatRate(21.8e9, 'g')).isEqualTo("21.8 Gbits/sec");
        assertThat(Units.formatRate(21.8e9, 'm')).isEqualTo("21800 Mbits/sec");
        assertThat(Units.formatRate(21.8e9, 'k')).isEqualTo("21800000 Kbits/sec");
        assertThat(Units.formatRate(21.8e9, 't')).isEqualTo("0.02 Tbits/sec");
        assertThat(Units.formatRate(21.8e9, 'G')).isEqualTo("2.54 GBytes/sec"); // 21.8e9 / 8 / 2^30
        assertThat(Units.formatRate(8 * 1024 * 1024, 'M')).isEqualTo("1.00 MBytes/sec");
        assertThat(Units.formatRate(8 * 1024 * 1024, 'K')).isEqualTo("1024 KBytes/sec");
        assertThat(Units.formatRate(0, 'm')).isEqualTo("0.00 Mbits/sec");
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
