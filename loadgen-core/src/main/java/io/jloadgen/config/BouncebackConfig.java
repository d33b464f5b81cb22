package io.jloadgen.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A bounceback (request/response) test, iperf 2.1's {@code --bounceback}; the request size is the
 * client's {@code -l}, the connections its {@code -P}, the length its {@code -t}.
 *
 * @param period   time between requests on a connection, zero for back to back ({@code --bounceback-period})
 * @param hold     how long the server holds each request before echoing it ({@code --bounceback-hold})
 * @param quickAck ask both ends for TCP_QUICKACK (iperf 2's default; off with {@code --bounceback-no-quickack})
 * @param busyPoll how long the client polls for a reply before it sleeps, zero to sleep at once as iperf 2
 *                 does ({@code --busy-poll}); jloadgen's own, not iperf 2's
 */
public record BouncebackConfig(Duration period, Duration hold, boolean quickAck, Duration busyPoll) {
    /** iperf 2's default request size, bytes. */
    public static final int DEFAULT_SIZE = 100;
    /** Smallest request iperf 2.1.8's server accepts; our server's too. */
    public static final int MIN_SIZE = 64;
    /** Largest request our server accepts. */
    public static final int MAX_SIZE = 64 * 1024;

    public BouncebackConfig {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(busyPoll, "busyPoll");
        if (period.isNegative() || period.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--bounceback-period: must be 0 ms .. 1 h");
        }
        if (hold.isNegative() || hold.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("--bounceback-hold: must be 0 ms .. 10 s");
        }
        if (busyPoll.isNegative() || busyPoll.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("--busy-poll: must be 0 .. 1000000 us");
        }
    }

    /** iperf 2's behaviour: no busy polling. */
    public BouncebackConfig(Duration period, Duration hold, boolean quickAck) {
        this(period, hold, quickAck, Duration.ZERO);
    }

    /** Back to back, no hold, quick ACKs, no busy polling. */
    public static BouncebackConfig defaults() {
        return new BouncebackConfig(Duration.ZERO, Duration.ZERO, true);
    }

    /** Checks a request size ({@code -l}) for a bounceback test. */
    public static void checkSize(int bytes) {
        if (bytes < MIN_SIZE || bytes > MAX_SIZE) {
            throw new IllegalArgumentException("-l/--length: a bounceback request is " + MIN_SIZE + ".." + MAX_SIZE
                    + " bytes (iperf 2's server refuses fewer than " + MIN_SIZE + "), not " + bytes);
        }
    }
}
