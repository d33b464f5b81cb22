package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.CompletableFuture;

/**
 * What TCP and UDP sinks share: the byte counter, the first and latest arrival times, and the end of the
 * stream. Runs on the channel's event loop, the only writer of its counter.
 */
public abstract class StreamSink extends ChannelInboundHandlerAdapter implements DataSink {
    private final SingleWriterCounter bytesReceived;
    private final CompletableFuture<Void> endOfStream = new CompletableFuture<>();
    /** When the first bytes arrived (System.nanoTime), 0 before; written once by the event loop. */
    private volatile long firstReadNs;
    /** When the latest bytes arrived; a plain field published by the counter's release store after it. */
    private long lastReadNs;

    protected StreamSink(SingleWriterCounter bytesReceived) {
        this.bytesReceived = bytesReceived;
    }

    /**
     * Counts {@code bytes} that arrived at {@code nowNs}. The counter is written last: its release store
     * publishes the arrival times and whatever the subclass recorded before the call.
     */
    protected final void arrived(int bytes, long nowNs) {
        if (firstReadNs == 0) {
            firstReadNs = nowNs;
        }
        lastReadNs = nowNs;
        bytesReceived.add(bytes);
    }

    /** Marks the end of the stream (idempotent). */
    protected final void ended() {
        endOfStream.complete(null);
    }

    @Override
    public long firstReadNs() {
        return firstReadNs;
    }

    @Override
    public long lastReadNs() {
        return lastReadNs;
    }

    @Override
    public CompletableFuture<Void> endOfStream() {
        return endOfStream;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended();
        ctx.fireChannelInactive();
    }
}
