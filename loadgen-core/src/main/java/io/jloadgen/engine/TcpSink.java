package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads and discards a TCP stream, counting bytes. {@link #endOfStream()} completes when the peer has
 * shut down its side or the connection closed, so the session knows every byte has been read.
 */
public final class TcpSink extends StreamSink {
    public TcpSink(SingleWriterCounter bytesReceived) {
        super(bytesReceived);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            arrived(buf.readableBytes(), System.nanoTime());
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            ended();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset by the peer ends the stream; the session sees the close and reports it.
        ended();
        ctx.close();
    }
}
