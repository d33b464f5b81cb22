package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.CompletableFuture;

/**
 * Reads the datagrams of one connected UDP stream, counts their bytes and hands each to an {@link Observer}
 * (the session's wire-format accounting: sequence numbers, loss, jitter) before releasing it.
 *
 * <p>Threading: runs on the channel's event loop, the only writer of its counter and the only caller of its
 * observer; the counter's release store publishes what the observer recorded.
 */
public final class UdpSink extends ChannelInboundHandlerAdapter implements DataSink {
    /** Sees every datagram of the stream; must not keep or release it. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param datagram  the payload, readable from its reader index (possibly shorter than any header)
         * @param arrivalNs {@link System#nanoTime()} when it was read
         */
        void onDatagram(ByteBuf datagram, long arrivalNs);
    }

    private final SingleWriterCounter bytesReceived;
    private final Observer observer;
    private final CompletableFuture<Void> endOfStream = new CompletableFuture<>();
    private volatile long firstReadNs;
    private long lastReadNs;

    public UdpSink(SingleWriterCounter bytesReceived, Observer observer) {
        this.bytesReceived = bytesReceived;
        this.observer = observer;
    }

    @Override
    public long firstReadNs() {
        return firstReadNs;
    }

    @Override
    public long lastReadNs() {
        return lastReadNs;
    }

    /** Completes when the channel closes: UDP has no end-of-stream, so a drain waits for quiet instead. */
    @Override
    public CompletableFuture<Void> endOfStream() {
        return endOfStream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf content = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
            if (content == null) {
                return;
            }
            long now = System.nanoTime();
            if (firstReadNs == 0) {
                firstReadNs = now;
            }
            lastReadNs = now;
            observer.onDatagram(content, now);
            bytesReceived.add(content.readableBytes()); // last: its release store publishes the observer's fields
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endOfStream.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP errors (the peer's port closed at the end of a test) arrive here; they end nothing by themselves.
    }
}
