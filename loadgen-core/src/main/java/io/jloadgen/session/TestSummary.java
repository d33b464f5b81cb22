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
 * @param hostCpuBusyPct     the whole host's CPU busy over the test (/proc/stat, all processes, where the
 *                           kernel's network work lands), % of one CPU; NaN when unknown
 */
public record TestSummary(List<StreamSummary> streams, CpuUsage localCpu, CpuUsage remoteCpu, boolean localSends,
                          String senderCongestion, String receiverCongestion, double hostCpuBusyPct) {

    /** A summary without a host CPU reading. */
    public TestSummary(List<StreamSummary> streams, CpuUsage localCpu, CpuUsage remoteCpu, boolean localSends,
                       String senderCongestion, String receiverCongestion) {
        this(streams, localCpu, remoteCpu, localSends, senderCongestion, receiverCongestion, Double.NaN);
    }

    /** This summary with the whole host's CPU busy over the test (all processes, /proc/stat), % of one CPU. */
    public TestSummary withHostCpuBusyPct(double pct) {
        return new TestSummary(streams, localCpu, remoteCpu, localSends, senderCongestion, receiverCongestion, pct);
    }

    /** Whether streams run both ways ({@code --bidir}). */
    public boolean bidirectional() {
        return streams.stream().anyMatch(StreamSummary::localSends) && streams.stream().anyMatch(s -> !s.localSends());
    }

    /** Whether the streams are UDP. */
    public boolean udp() {
        return !streams.isEmpty() && streams.get(0).udp() != null;
    }

    /** The streams this end sends on ({@code true}) or receives on, as a summary of their own. */
    public TestSummary part(boolean sending) {
        return new TestSummary(streams.stream().filter(s -> s.localSends() == sending).toList(), localCpu, remoteCpu,
                sending, senderCongestion, receiverCongestion, hostCpuBusyPct);
    }

    /** UDP totals summed over streams (jitter averaged, as iperf3 does), null for TCP. */
    public UdpTotals udpTotals() {
        if (!udp()) {
            return null;
        }
        long sent = 0, received = 0, lost = 0, outOfOrder = 0;
        double jitter = 0;
        for (StreamSummary s : streams) {
            sent += s.udp().sentPackets();
            received += s.udp().receivedPackets();
            lost += s.udp().lost();
            outOfOrder += s.udp().outOfOrder();
            jitter += s.udp().jitterMs();
        }
        return new UdpTotals(sent, received, lost, outOfOrder, streams.isEmpty() ? 0 : jitter / streams.size());
    }

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
