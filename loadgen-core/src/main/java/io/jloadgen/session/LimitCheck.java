package io.jloadgen.session;

import io.jloadgen.config.ServerLimits;
import io.jloadgen.protocol.TestParameters;

/**
 * Checks a client's parameters against the server's per-test limits, as iperf3's server checks
 * {@code --server-max-duration} and {@code --server-bitrate-limit} after the parameter exchange. The
 * refusal carries iperf3's error code, so a stock client prints iperf3's own message for it.
 *
 * <p>Pure: no I/O, no state; called once per test from the control channel's event loop.
 */
final class LimitCheck {
    /** Why a test is refused: iperf3's error code for the client and a sentence for the server's log. */
    record Refusal(int iperfError, String reason) {
    }

    private LimitCheck() {
    }

    /** Returns the first limit the parameters break, or null when the test may run. */
    static Refusal check(ServerLimits limits, TestParameters p) {
        if (limits.limitsDuration()) {
            long maxS = limits.maxDuration().toSeconds();
            if (p.timeS() == 0) {
                return new Refusal(IperfErrors.MAX_DURATION,
                        "over --max-duration " + maxS + " s: a byte or block count test has no duration");
            }
            if ((long) p.timeS() + p.omitS() > maxS) {
                return new Refusal(IperfErrors.MAX_DURATION, "over --max-duration " + maxS + " s: asks for "
                        + p.timeS() + " s" + (p.omitS() > 0 ? " plus " + p.omitS() + " s omitted" : ""));
            }
        }
        if (limits.limitsStreams() && p.parallel() > limits.maxStreams()) {
            return new Refusal(IperfErrors.NUM_STREAMS, "over --max-streams " + limits.maxStreams() + ": asks for "
                    + p.parallel() + " streams");
        }
        if (limits.limitsBitrate()) {
            if (p.bandwidth() == 0) {
                return new Refusal(IperfErrors.TOTAL_RATE, "over --max-bitrate " + limits.maxBitrateBps()
                        + " bit/s: asks for an unlimited rate (no -b)");
            }
            long directions = p.bidirectional() ? 2 : 1;
            // bandwidth <= 10^18 and parallel * directions <= 256 would overflow a long: multiply checked
            long total;
            try {
                total = Math.multiplyExact(p.bandwidth(), p.parallel() * directions);
            } catch (ArithmeticException e) {
                total = Long.MAX_VALUE;
            }
            if (total > limits.maxBitrateBps()) {
                return new Refusal(IperfErrors.TOTAL_RATE, "over --max-bitrate " + limits.maxBitrateBps()
                        + " bit/s: asks for " + total + " bit/s in total");
            }
        }
        return null;
    }
}
