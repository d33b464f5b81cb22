package io.jloadgen.session;

/**
 * One UDP stream's totals over the measured window, with both ends' packet counts.
 *
 * @param sentPackets     datagrams the sender sent (0 when the sender did not say)
 * @param receivedPackets the receiver's count: its highest sequence number seen
 * @param lost            datagrams the receiver found missing
 * @param outOfOrder      datagrams the receiver saw out of order (0 when the receiver is the peer: iperf3 does
 *                        not exchange it)
 * @param jitterMs        the receiver's RFC 3550 jitter at the end, milliseconds
 */
public record UdpTotals(long sentPackets, long receivedPackets, long lost, long outOfOrder, double jitterMs) {
    /** The packet count iperf3 prints: the sender's when known, else the receiver's. */
    public long packets() {
        return sentPackets > 0 ? sentPackets : receivedPackets;
    }

    /** Lost percent over {@link #packets()}. */
    public double lostPercent() {
        return lostPercentOf(packets());
    }

    /** Lost percent over a given count (iperf3's sender line uses the sender's, its receiver line the receiver's). */
    public double lostPercentOf(long packets) {
        return packets > 0 ? 100.0 * lost / packets : 0;
    }
}
