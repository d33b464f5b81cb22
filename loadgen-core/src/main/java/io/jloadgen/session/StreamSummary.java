package io.jloadgen.session;

/**
 * One stream's totals over the measured window, from both ends.
 *
 * @param id              stream id (iperf3's numbering)
 * @param localSends      whether this end sent on the stream
 * @param sentBytes       bytes the sending end wrote in the window, -1 when it does not report (iperf 2)
 * @param sentSeconds     the sending end's window length
 * @param receivedBytes   bytes the receiving end read, -1 when it does not report (iperf 2)
 * @param receivedSeconds the receiving end's window length
 * @param retransmits     sender's TCP retransmits in the window, -1 when unknown
 * @param maxSndCwnd      largest congestion window seen (bytes), 0 when unknown
 * @param minRttUs        smallest smoothed RTT seen, 0 when unknown
 * @param maxRttUs        largest, 0 when unknown
 * @param meanRttUs       mean of the samples, 0 when unknown
 * @param udp             datagram totals of a UDP stream, null for TCP
 */
public record StreamSummary(int id, boolean localSends, long sentBytes, double sentSeconds, long receivedBytes,
                            double receivedSeconds, long retransmits, long maxSndCwnd, long minRttUs,
                            long maxRttUs, long meanRttUs, UdpTotals udp) {

    /** A TCP stream. */
    public StreamSummary(int id, boolean localSends, long sentBytes, double sentSeconds, long receivedBytes,
                         double receivedSeconds, long retransmits, long maxSndCwnd, long minRttUs,
                         long maxRttUs, long meanRttUs) {
        this(id, localSends, sentBytes, sentSeconds, receivedBytes, receivedSeconds, retransmits, maxSndCwnd,
                minRttUs, maxRttUs, meanRttUs, null);
    }
}
