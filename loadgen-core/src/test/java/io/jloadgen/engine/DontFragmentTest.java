package io.jloadgen.engine;

import io.jloadgen.config.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.IntegerUnixChannelOption;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --dont-fragment} on real connected UDP sockets: IP_MTU_DISCOVER reads back as IP_PMTUDISC_DO on an IPv4
 * stream, and an IPv6 one, or one not asked for, keeps the kernel's default (on loopback no datagram exceeds the
 * MTU, so the option itself is what can be seen here).
 */
@Timeout(30)
class DontFragmentTest {
    private static final IntegerUnixChannelOption MTU_DISCOVER = new IntegerUnixChannelOption("IP_MTU_DISCOVER", 0, 10);
    private static final int IP_PMTUDISC_DO = 2;
    private static final SocketTuning DONT_FRAGMENT = new SocketTuning(0, false, 0, null, 0, 0, true);

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "IO_URING"})
    void anIpv4StreamGetsDontFragmentAndOthersKeepTheDefault(Transport kind) throws Exception {
        assumeTrue(NettyTransport.isAvailable(kind), kind + " is not available here");
        NettyTransport transport = NettyTransport.resolve(kind);
        EventLoopGroup group = transport.newGroup(1, "df");
        try {
            Channel v4 = connected(transport, group, "127.0.0.1");
            int before = v4.config().getOption(MTU_DISCOVER);
            assertThat(before).isNotEqualTo(IP_PMTUDISC_DO);
            assertThat(SocketTuning.DEFAULT.applyConnected(v4)).isNull();
            assertThat(v4.config().getOption(MTU_DISCOVER)).isEqualTo(before);
            assertThat(DONT_FRAGMENT.applyConnected(v4)).isNull();
            assertThat(v4.config().getOption(MTU_DISCOVER)).isEqualTo(IP_PMTUDISC_DO);
            v4.close().sync();

            Channel v6 = connected(transport, group, "::1");
            int v6Before = v6.config().getOption(MTU_DISCOVER);
            assertThat(DONT_FRAGMENT.applyConnected(v6)).isNull();
            assertThat(v6.config().getOption(MTU_DISCOVER)).isEqualTo(v6Before); // iperf3 sets it on IPv4 only
            v6.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static Channel connected(NettyTransport transport, EventLoopGroup group, String host) throws Exception {
        Channel peer = new Bootstrap().group(group).channel(transport.datagramChannel())
                .handler(new ChannelInboundHandlerAdapter()).bind(new InetSocketAddress(host, 0)).sync().channel();
        Channel ch = new Bootstrap().group(group).channel(transport.datagramChannel())
                .handler(new ChannelInboundHandlerAdapter()).connect(peer.localAddress()).sync().channel();
        ch.closeFuture().addListener(f -> peer.close());
        return ch;
    }
}
