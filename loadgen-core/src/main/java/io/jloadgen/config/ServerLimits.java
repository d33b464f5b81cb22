package io.jloadgen.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What one test may ask of the server; a client over a limit is refused with iperf3's error state. Zero
 * means no limit.
 *
 * @param maxDuration   longest test, omit included ({@code --max-duration}); with a limit, byte- and
 *                      block-count tests ({@code -n}, {@code -k}) are refused as iperf3 3.18 refuses them
 * @param maxStreams    most parallel streams ({@code -P}) per test ({@code --max-streams})
 * @param maxBitrateBps most total bit/s a test may ask for, over all its streams and both directions
 *                      ({@code --max-bitrate}); a test asking for an unlimited rate is over any limit
 */
public record ServerLimits(Duration maxDuration, int maxStreams, long maxBitrateBps) {
    /** No limits beyond the protocol's own caps. */
    public static final ServerLimits NONE = new ServerLimits(Duration.ZERO, 0, 0);

    public ServerLimits {
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative()) {
            throw new IllegalArgumentException("--max-duration: must not be negative");
        }
        if (maxStreams < 0) {
            throw new IllegalArgumentException("--max-streams: must not be negative, not " + maxStreams);
        }
        if (maxBitrateBps < 0) {
            throw new IllegalArgumentException("--max-bitrate: must not be negative, not " + maxBitrateBps);
        }
    }

    public boolean limitsDuration() {
        return !maxDuration.isZero();
    }

    public boolean limitsStreams() {
        return maxStreams > 0;
    }

    public boolean limitsBitrate() {
        return maxBitrateBps > 0;
    }
}
