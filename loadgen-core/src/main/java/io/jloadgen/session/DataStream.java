package io.jloadgen.session;

import io.jloadgen.engine.DataSender;
import io.jloadgen.engine.DataSink;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.engine.TcpStats;
import io.jloadgen.protocol.UdpReceiveStats;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * One data connection of a test, seen from this end: it either sends ({@link #sender()} non-null) or
 * receives ({@link #sink()} non-null), over TCP or UDP. The counters are written by the channel's event loop
 * only; a UDP stream also counts datagrams (sending) or keeps iperf3's receive statistics (receiving). The
 * figures of a sending stream are read by the one thread of its session (they keep state of their own).
 */
final class DataStream {
    private final int id;
    private final Channel channel;
    private final SingleWriterCounter bytes;
    private final DataSender sender;
    private final DataSink sink;
    private final SingleWriterCounter packetsSent;
    private final UdpReceiveStats udpReceived;
    private long packetsAtOmit;
    private long lostAtOmit;
    private long outOfOrderAtOmit;
    private long omitBaseline;
    private long maxCwndBytes;
    private long minRttUs = Long.MAX_VALUE;
    private long maxRttUs;
    private long sumRttUs;
    private long rttSamples;
    private long retransmitsAtOmit;
    /** A sending TCP stream's highest reading of the bytes its socket accepted (see {@link #totalBytes()}). */
    private long acceptedBytes;

    DataStream(int id, Channel channel, SingleWriterCounter bytes, DataSender sender, DataSink sink) {
        this(id, channel, bytes, sender, sink, null, null);
    }

    /** A UDP stream: {@code packetsSent} when sending, {@code udpReceived} when receiving. */
    DataStream(int id, Channel channel, SingleWriterCounter bytes, DataSender sender, DataSink sink,
               SingleWriterCounter packetsSent, UdpReceiveStats udpReceived) {
        this.id = id;
        this.channel = channel;
        this.bytes = bytes;
        this.sender = sender;
        this.sink = sink;
        this.packetsSent = packetsSent;
        this.udpReceived = udpReceived;
    }

    boolean udp() {
        return packetsSent != null || udpReceived != null;
    }

    /**
     * UDP datagrams of the stream since it began: sent, or (receiving) the highest sequence number seen, which
     * is what iperf3 reports as the receiver's packet count. Any thread.
     */
    long totalPackets() {
        if (packetsSent != null) {
            return packetsSent.getAcquire();
        }
        if (udpReceived != null) {
            bytes.getAcquire(); // orders the plain reads behind the sink's release store
            return udpReceived.highestSequence();
        }
        return 0;
    }

    /** UDP datagrams missing so far (receiving end), 0 otherwise. */
    long totalLost() {
        if (udpReceived == null) {
            return 0;
        }
        bytes.getAcquire();
        return udpReceived.lost();
    }

    long totalOutOfOrder() {
        if (udpReceived == null) {
            return 0;
        }
        bytes.getAcquire();
        return udpReceived.outOfOrder();
    }

    /** Datagrams too short for the header (receiving end). */
    long malformedDatagrams() {
        if (udpReceived == null) {
            return 0;
        }
        bytes.getAcquire();
        return udpReceived.malformed();
    }

    /** Current RFC 3550 jitter in seconds (receiving end), 0 otherwise. */
    double jitterSeconds() {
        if (udpReceived == null) {
            return 0;
        }
        bytes.getAcquire();
        return udpReceived.jitterSeconds();
    }

    long windowPackets() {
        return totalPackets() - packetsAtOmit;
    }

    long windowLost() {
        return totalLost() - lostAtOmit;
    }

    long windowOutOfOrder() {
        return totalOutOfOrder() - outOfOrderAtOmit;
    }

    int id() {
        return id;
    }

    Channel channel() {
        return channel;
    }

    boolean sending() {
        return sender != null;
    }

    DataSender sender() {
        return sender;
    }

    DataSink sink() {
        return sink;
    }

    /**
     * Bytes moved since the connection began. A receiving stream counts what it read (any thread). A TCP sending
     * stream counts what its socket accepted, as iperf3 counts a write when the kernel takes it: bytes still in
     * the transport's write queue (up to its high watermark, seconds of a slow link) are not sent yet, and counted
     * at hand-off a slow link's intervals came in watermark-sized lumps. The reading never goes back, and once
     * the queue has drained it is every byte handed over. Session thread only for a sending stream.
     */
    long totalBytes() {
        long handed = bytes.getAcquire();
        if (sender == null || udp()) {
            return handed; // a UDP queue holds a few ms (UdpSender.WATERMARK), and its packet count goes with it
        }
        // handed first: what it counts is in the queue's figure already (Netty adds a write to the queue, then
        // the sender counts it), so the difference never exceeds what the socket has accepted by now
        long accepted = handed - sender.queuedBytes();
        if (accepted > acceptedBytes) {
            acceptedBytes = accepted;
        }
        return acceptedBytes;
    }

    /** When the latest byte arrived on a receiving stream (0 if none, or a sending stream). */
    long lastReadNs() {
        if (sink == null) {
            return 0;
        }
        bytes.getAcquire(); // orders the read below behind the sink's release store
        return sink.lastReadNs();
    }

    /** Marks the end of the omitted warm-up: later totals count from here. Reporter thread only. */
    void markOmitEnd() {
        omitBaseline = totalBytes();
        packetsAtOmit = totalPackets();
        lostAtOmit = totalLost();
        outOfOrderAtOmit = totalOutOfOrder();
        TcpStats s = tcpStats();
        retransmitsAtOmit = s == null ? 0 : s.totalRetransmits();
    }

    /** Bytes moved in the measured window so far. */
    long windowBytes() {
        return totalBytes() - omitBaseline;
    }

    /** TCP_INFO now (sender side meaningful), or null on NIO or after close; folds it into the summary. */
    TcpStats tcpStats() {
        if (udp()) {
            return null;
        }
        TcpStats s = NettyTransport.tcpStats(channel);
        if (s != null) {
            maxCwndBytes = Math.max(maxCwndBytes, s.sndCwndBytes());
            if (s.rttUs() > 0) {
                minRttUs = Math.min(minRttUs, s.rttUs());
                maxRttUs = Math.max(maxRttUs, s.rttUs());
                sumRttUs += s.rttUs();
                rttSamples++;
            }
        }
        return s;
    }

    /** Retransmits in the measured window, -1 when unknown. */
    long windowRetransmits() {
        TcpStats s = tcpStats();
        return s == null ? -1 : s.totalRetransmits() - retransmitsAtOmit;
    }

    long maxCwndBytes() {
        return maxCwndBytes;
    }

    long minRttUs() {
        return rttSamples == 0 ? 0 : minRttUs;
    }

    long maxRttUs() {
        return maxRttUs;
    }

    long meanRttUs() {
        return rttSamples == 0 ? 0 : sumRttUs / rttSamples;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }
}
