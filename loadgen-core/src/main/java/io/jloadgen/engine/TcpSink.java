package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.CompletableFuture;

/**
 * Reads and discards a TCP stream, counting bytes. {@link #endOfStream()} completes when the peer has
 * shut down its side or the connection closed, so the session knows every byte has been read.
 *
 * <p>Threading: runs on the channel's event loop, the only writer of its counter.
 */
public final class TcpSink extends ChannelInboundHandlerAdapter implements DataSink {
    private final SingleWriterCounter bytesReceived;
    private final CompletableFuture<Void> endOfStream = new CompletableFuture<>();
    /** When the first byte arrived (System.nanoTime), 0 before; written once by the event loop. */
    private volatile long firstReadNs;
    /** When the latest bytes arrived; a plain field published by the counter's release store after it. */
    private long lastReadNs;

    public TcpSink(SingleWriterCounter bytesReceived) {
        this.bytesReceived = bytesReceived;
    }

    /** When the first byte arrived ({@link System#nanoTime()}), or 0 if none has. */
    @Override
    public long firstReadNs() {
        return firstReadNs;
    }

    /**
     * When the latest bytes arrived, 0 if none has. Read it after reading the counter with acquire
     * semantics, which orders it behind the write.
     */
    @Override
    public long lastReadNs() {
        return lastReadNs;
    }

    @Override
    public CompletableFuture<Void> endOfStream() {
        return endOfStream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            if (firstReadNs == 0) {
                firstReadNs = System.nanoTime();
            }
            lastReadNs = System.nanoTime();
            bytesReceived.add(buf.readableBytes());
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            endOfStream.complete(null);
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endOfStream.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset by the peer ends the stream; the session sees the close and reports it.
        endOfStream.complete(null);
        ctx.close();
    }
}
