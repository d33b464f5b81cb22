package io.jloadgen.session;

import io.jloadgen.engine.NettyTransport;
import io.jloadgen.engine.TcpSender;
import io.jloadgen.engine.TcpSink;
import io.jloadgen.engine.TcpStats;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * One data connection of a test, seen from this end: it either sends ({@link #sender()} non-null) or
 * receives ({@link #sink()} non-null). The byte counter is written by the channel's event loop only.
 */
final class DataStream {
    private final int id;
    private final Channel channel;
    private final SingleWriterCounter bytes;
    private final TcpSender sender;
    private final TcpSink sink;
    private long omitBaseline;
    private long maxCwndBytes;
    private long minRttUs = Long.MAX_VALUE;
    private long maxRttUs;
    private long sumRttUs;
    private long rttSamples;
    private long retransmitsAtOmit;

    DataStream(int id, Channel channel, SingleWriterCounter bytes, TcpSender sender, TcpSink sink) {
        this.id = id;
        this.channel = channel;
        this.bytes = bytes;
        this.sender = sender;
        this.sink = sink;
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

    TcpSender sender() {
        return sender;
    }

    TcpSink sink() {
        return sink;
    }

    /** Bytes moved since the connection began, read from any thread. */
    long totalBytes() {
        return bytes.getAcquire();
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
        TcpStats s = tcpStats();
        retransmitsAtOmit = s == null ? 0 : s.totalRetransmits();
    }

    /** Bytes moved in the measured window so far. */
    long windowBytes() {
        return totalBytes() - omitBaseline;
    }

    /** TCP_INFO now (sender side meaningful), or null on NIO or after close; folds it into the summary. */
    TcpStats tcpStats() {
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
