package io.jloadgen.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Stamps each accepted connection with its place in the accept order. Sits in the listening channel's
 * pipeline, so it sees connections one by one on the acceptor's loop, before they are spread over loops;
 * a test uses the stamps to give its streams iperf3's roles and ids in the order the client opened them.
 */
@ChannelHandler.Sharable
public final class AcceptOrder extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Long> SEQUENCE = AttributeKey.valueOf(AcceptOrder.class, "sequence");

    private long next;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            child.attr(SEQUENCE).set(next++); // only the acceptor's loop runs this: no race on next
        }
        ctx.fireChannelRead(msg);
    }

    /** The connection's place in the accept order (Long.MAX_VALUE if it was not stamped). */
    static long of(Channel channel) {
        Long seq = channel.attr(SEQUENCE).get();
        return seq == null ? Long.MAX_VALUE : seq;
    }
}
