package io.jloadgen.session;

/**
 * UDP figures of one stream (or a sum) over one reporting interval, as iperf3 reports them.
 *
 * @param packets    datagrams: sent (sending end) or, receiving, the advance of the highest sequence number
 * @param lost       datagrams missing from the sequence (receiving end; 0 at the sender)
 * @param outOfOrder datagrams that arrived after a later one (receiving end)
 * @param jitterMs   RFC 3550 jitter at the interval's end, milliseconds (receiving end; a sum averages streams)
 */
public record UdpFigures(long packets, long lost, long outOfOrder, double jitterMs) {
    /** iperf3's lost percent: lost over packets, 0 when no packets. */
    public double lostPercent() {
        return packets > 0 ? 100.0 * lost / packets : 0;
    }
}
