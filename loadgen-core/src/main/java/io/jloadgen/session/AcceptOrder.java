package io.jloadgen.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Numbers accepted connections in the order the listener accepted them. iperf3 gives a test's data streams
 * their ids and roles (with {@code --bidir}, the first half receive at the server) in accept order; the
 * cookies of those connections are read on different event loops and may be seen in another order, so a
 * test sorts its streams by this number before it assigns them.
 *
 * <p>Threading: the listener's event loop only (goes in the server channel's pipeline).
 */
@ChannelHandler.Sharable
public final class AcceptOrder extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Long> SEQUENCE = AttributeKey.valueOf("jloadgen.acceptSequence");
    private long next;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            child.attr(SEQUENCE).set(next++);
        }
        ctx.fireChannelRead(msg);
    }

    /** The accept number of a connection; connections not numbered sort last. */
    static long of(Channel channel) {
        Long seq = channel.attr(SEQUENCE).get();
        return seq == null ? Long.MAX_VALUE : seq;
    }
}
