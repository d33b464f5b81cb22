package io.jloadgen.session;

/**
 * One stream's (or the sum's) figures for one reporting interval, as iperf3 prints them.
 *
 * @param id          stream id, or -1 for the sum
 * @param startS      interval start, seconds from the start of its phase (warm-up or measured window)
 * @param endS        interval end, same clock
 * @param bytes       bytes moved in the interval
 * @param sender      whether this end sends on the stream
 * @param omitted     whether the interval lies in the warm-up
 * @param retransmits retransmits in the interval, -1 when unknown or not the sender
 * @param sndCwnd     congestion window bytes at the interval's end, -1 when unknown
 * @param rttUs       smoothed RTT at the interval's end, -1 when unknown
 * @param rttVarUs    RTT variation, -1 when unknown
 * @param pmtu        path MTU, -1 when unknown
 * @param udp         datagram figures of a UDP stream, null for TCP
 */
public record StreamInterval(int id, double startS, double endS, long bytes, boolean sender, boolean omitted,
                             long retransmits, long sndCwnd, long rttUs, long rttVarUs, long pmtu, UdpFigures udp) {

    /** A TCP interval. */
    public StreamInterval(int id, double startS, double endS, long bytes, boolean sender, boolean omitted,
                          long retransmits, long sndCwnd, long rttUs, long rttVarUs, long pmtu) {
        this(id, startS, endS, bytes, sender, omitted, retransmits, sndCwnd, rttUs, rttVarUs, pmtu, null);
    }

    public double seconds() {
        return endS - startS;
    }

    public double bitsPerSecond() {
        double s = seconds();
        return s <= 0 ? 0 : bytes * 8.0 / s;
    }
}
