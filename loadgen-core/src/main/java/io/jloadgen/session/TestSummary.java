package io.jloadgen.session;

import io.jloadgen.host.CpuUsage;

import java.util.List;

/**
 * What a finished test measured, from this end's point of view, with the peer's half filled in from the
 * results exchange.
 *
 * @param streams            per-stream totals
 * @param localCpu           this process's CPU over the test, % of one CPU
 * @param remoteCpu          the peer's, as it reported it
 * @param localSends         whether this end sent data (for --bidir: on its first half of the streams)
 * @param senderCongestion   congestion algorithm of the sending end, null when unknown
 * @param receiverCongestion congestion algorithm of the receiving end, null when unknown
 */
public record TestSummary(List<StreamSummary> streams, CpuUsage localCpu, CpuUsage remoteCpu, boolean localSends,
                          String senderCongestion, String receiverCongestion) {

    /** Bytes sent, summed over streams; -1 when the sending peer does not report them (iperf 2). */
    public long sentBytes() {
        return sumUnlessUnknown(streams.stream().mapToLong(StreamSummary::sentBytes).toArray());
    }

    /** Bytes received, summed over streams; -1 when the receiving peer does not report them (iperf 2). */
    public long receivedBytes() {
        return sumUnlessUnknown(streams.stream().mapToLong(StreamSummary::receivedBytes).toArray());
    }

    private static long sumUnlessUnknown(long[] values) {
        long sum = 0;
        for (long v : values) {
            if (v < 0) {
                return -1;
            }
            sum += v;
        }
        return sum;
    }

    public double sentSeconds() {
        return streams.stream().mapToDouble(StreamSummary::sentSeconds).max().orElse(0);
    }

    public double receivedSeconds() {
        return streams.stream().mapToDouble(StreamSummary::receivedSeconds).max().orElse(0);
    }

    /** Retransmits summed over streams, -1 when no stream knows. */
    public long retransmits() {
        long sum = -1;
        for (StreamSummary s : streams) {
            if (s.retransmits() >= 0) {
                sum = Math.max(sum, 0) + s.retransmits();
            }
        }
        return sum;
    }
}
