package io.jloadgen.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The latency probe of a throughput test ({@code --latency-probe}): one extra bounceback connection to the
 * same server port, with TCP_NODELAY, sending a small request every period during the measured window.
 *
 * @param period time between requests ({@code --probe-period}, default 10 ms)
 */
public record LatencyProbeConfig(Duration period) {
    /** The request size: iperf 2's default bounceback size. */
    public static final int REQUEST_BYTES = BouncebackConfig.DEFAULT_SIZE;

    public LatencyProbeConfig {
        Objects.requireNonNull(period, "period");
        if (period.compareTo(Duration.ofNanos(100_000)) < 0 || period.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("--probe-period: must be 0.1 ms .. 10 s");
        }
    }

    public static LatencyProbeConfig defaults() {
        return new LatencyProbeConfig(Duration.ofMillis(10));
    }
}
