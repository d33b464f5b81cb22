package io.jloadgen.session;

import io.jloadgen.protocol.ControlDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** Sets up every accepted connection: a control decoder expecting the cookie, then the router. */
public final class ServerChannelInitializer extends ChannelInitializer<Channel> {
    private final ServerContext server;

    public ServerChannelInitializer(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void initChannel(Channel ch) {
        server.opened(ch);
        ControlDecoder decoder = ControlDecoder.forServer();
        ch.pipeline().addLast(decoder, new ConnectionRouter(server, decoder));
    }
}
