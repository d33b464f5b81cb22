package io.jloadgen.session;

import io.jloadgen.protocol.ControlDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Sets up every accepted connection: the sniffer that tells iperf3 from iperf 2 peers, a control decoder
 * expecting the cookie, then the router.
 */
public final class ServerChannelInitializer extends ChannelInitializer<Channel> {
    private final ServerContext server;

    public ServerChannelInitializer(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void initChannel(Channel ch) {
        server.opened(ch);
        ControlDecoder decoder = ControlDecoder.forServer();
        ConnectionRouter router = new ConnectionRouter(server, decoder);
        ch.pipeline().addLast(new PeerSniffer(server, decoder, router), decoder, router);
    }
}
