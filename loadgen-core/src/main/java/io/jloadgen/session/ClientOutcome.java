package io.jloadgen.session;

import java.util.List;

/**
 * How a client test ended.
 *
 * @param error         why it failed, null when it completed
 * @param summary       totals of both ends, null when the test failed before results were exchanged
 * @param intervals     the client's own intervals, as reported
 * @param windowSeconds the measured window at the client
 * @param transport     the Netty transport used
 */
public record ClientOutcome(String error, TestSummary summary, List<IntervalReport> intervals, double windowSeconds,
                            String transport) {
    public boolean ok() {
        return error == null;
    }
}
