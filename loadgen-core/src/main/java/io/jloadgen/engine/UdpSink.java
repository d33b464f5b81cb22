package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads the datagrams of one connected UDP stream, counts their bytes and hands each to an {@link Observer}
 * (the session's wire-format accounting: sequence numbers, loss, jitter) before releasing it.
 * The event loop is the only caller of its observer; the counter's release store publishes what it recorded.
 */
public final class UdpSink extends StreamSink {
    /** Sees every datagram of the stream; must not keep or release it. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param datagram  the payload, readable from its reader index (possibly shorter than any header)
         * @param arrivalNs {@link System#nanoTime()} when it was read
         */
        void onDatagram(ByteBuf datagram, long arrivalNs);
    }

    private final Observer observer;

    public UdpSink(SingleWriterCounter bytesReceived, Observer observer) {
        super(bytesReceived);
        this.observer = observer;
    }

    // endOfStream() completes only when the channel closes: UDP has no end-of-stream, so a drain waits for quiet.

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf content = msg instanceof DatagramPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
            if (content == null) {
                return;
            }
            long now = System.nanoTime();
            observer.onDatagram(content, now);
            arrived(content.readableBytes(), now); // after the observer: the counter's store publishes its fields
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP errors (the peer's port closed at the end of a test) arrive here; they end nothing by themselves.
    }
}
