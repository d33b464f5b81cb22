package io.jloadgen.engine;

/**
 * A sample of a connection's TCP_INFO, in iperf3's units.
 *
 * @param totalRetransmits retransmitted segments since the connection began
 * @param sndCwndBytes     congestion window in bytes (segments x MSS)
 * @param rttUs            smoothed round-trip time, microseconds
 * @param rttVarUs         its variation, microseconds
 * @param pmtu             path MTU, bytes
 */
public record TcpStats(long totalRetransmits, long sndCwndBytes, long rttUs, long rttVarUs, long pmtu) {
}
