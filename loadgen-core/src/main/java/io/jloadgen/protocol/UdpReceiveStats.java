package io.jloadgen.protocol;

import io.netty.buffer.ByteBuf;

/**
 * The receiving end's view of one UDP stream, as iperf3 keeps it ({@code iperf_udp_recv}): the highest
 * sequence number seen (iperf3 reports it as the packet count), losses counted from gaps in the sequence
 * and taken back when a late packet fills one, out-of-order arrivals, and RFC 3550 interarrival jitter
 * (the running mean of transit-time differences with gain 1/16; the two clocks need not agree, since only
 * differences of transit times are used).
 *
 * <p>Threading: {@link #onDatagram} from the one thread that reads the stream; the getters from that thread, or
 * from another one after a happens-before edge (the caller publishes through its byte counter's release
 * store, as the TCP sink does with its timestamps).
 */
public final class UdpReceiveStats {
    private final boolean counters64;
    private long highestSequence;
    private long lost;
    private long outOfOrder;
    private long malformed;
    private long datagrams;
    private double jitterS;
    private long previousTransitUs;

    /** @param counters64 whether sequence numbers are 64-bit ({@code udp_counters_64bit}) */
    public UdpReceiveStats(boolean counters64) {
        this.counters64 = counters64;
    }

    /**
     * Accounts for one datagram that arrived at {@code arrivalMicros} (the receiver's monotonic clock).
     * A datagram shorter than the header is counted in {@link #malformed()} and otherwise ignored.
     */
    public void onDatagram(ByteBuf datagram, long arrivalMicros) {
        if (!UdpHeader.fits(datagram, counters64)) {
            malformed++;
            return;
        }
        long sequence = UdpHeader.sequence(datagram, counters64);
        long sentMicros = UdpHeader.sendMicros(datagram, counters64);
        boolean first = datagrams == 0;
        datagrams++;
        if (sequence >= highestSequence + 1) {
            if (sequence > highestSequence + 1) {
                lost += sequence - 1 - highestSequence;
            }
            highestSequence = sequence;
        } else {
            outOfOrder++;
            if (lost > 0) {
                lost--; // a late packet fills a gap that was counted as a loss
            }
        }
        long transitUs = arrivalMicros - sentMicros;
        if (first) {
            previousTransitUs = transitUs;
        }
        long d = Math.abs(transitUs - previousTransitUs);
        previousTransitUs = transitUs;
        jitterS += (d / 1e6 - jitterS) / 16.0;
    }

    /** The highest sequence number seen: iperf3's receiver packet count. */
    public long highestSequence() {
        return highestSequence;
    }

    /** Datagrams missing from the sequence so far. */
    public long lost() {
        return lost;
    }

    /** Datagrams that arrived after a later one. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** Datagrams too short to carry the header. */
    public long malformed() {
        return malformed;
    }

    /** Datagrams with a header that were accounted for. */
    public long datagrams() {
        return datagrams;
    }

    /** Current interarrival jitter, seconds. */
    public double jitterSeconds() {
        return jitterS;
    }
}
