package io.jloadgen.api;

import io.jloadgen.config.Direction;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.stats.IntervalSample;

import java.util.List;

/**
 * What one client test measured.
 *
 * @param ok            whether the test ran to its end and exchanged results
 * @param error         why it failed, null when ok
 * @param direction     the data direction
 * @param streams       streams per direction
 * @param transport     the Netty transport the client used
 * @param omitS         warm-up excluded, seconds
 * @param durationS     the measured window as it elapsed, seconds
 * @param bytesSent     bytes the sending side wrote during the window (for --bidir: client to server)
 * @param bytesReceived bytes the receiving side read during the window (for --bidir: client to server); -1
 *                      when the receiver does not report it (an iperf 2 server)
 * @param retransmits   TCP retransmits of the sending side, null when unknown
 * @param intervals     the client's own per-interval samples, omitted ones included and marked
 * @param localCpu      the client process's CPU, % of the whole machine as iperf3 reports it
 * @param remoteCpu     the server process's CPU as it reported it
 * @param json          the iperf3-shaped {@code -J} document of this test
 * @param receiverS     the receiving end's own window, seconds: it starts when that end's warm-up ends and
 *                      lasts until the last byte has arrived, so behind a deep queue it is longer than the
 *                      sender's {@code durationS} by what was queued (150 ms of queue put 0.5 s more bytes
 *                      into a 5 s receiver window)
 */
public record TestResult(
        boolean ok,
        String error,
        Direction direction,
        int streams,
        String transport,
        double omitS,
        double durationS,
        long bytesSent,
        long bytesReceived,
        Long retransmits,
        List<IntervalSample> intervals,
        CpuUsage localCpu,
        CpuUsage remoteCpu,
        String json,
        double receiverS) {

    /** A result whose receiver window is the sender's ({@code receiverS = durationS}). */
    public TestResult(boolean ok, String error, Direction direction, int streams, String transport, double omitS,
                      double durationS, long bytesSent, long bytesReceived, Long retransmits,
                      List<IntervalSample> intervals, CpuUsage localCpu, CpuUsage remoteCpu, String json) {
        this(ok, error, direction, streams, transport, omitS, durationS, bytesSent, bytesReceived, retransmits,
                intervals, localCpu, remoteCpu, json, durationS);
    }

    /**
     * Receiver-side throughput over the receiver's own window, 10^9 bit/s, as iperf3's receiver line; NaN when
     * the receiver does not report.
     */
    public double receiverGbps() {
        if (bytesReceived < 0) {
            return Double.NaN;
        }
        return receiverS <= 0 ? 0 : bytesReceived * 8.0 / receiverS / 1e9;
    }

    /** Sender-side throughput over the measured window, 10^9 bit/s. */
    public double senderGbps() {
        return durationS <= 0 ? 0 : bytesSent * 8.0 / durationS / 1e9;
    }
}
