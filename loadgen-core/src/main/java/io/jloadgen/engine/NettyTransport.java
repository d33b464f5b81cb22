package io.jloadgen.engine;

import io.jloadgen.config.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.uring.IoUringTcpInfo;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.channels.spi.SelectorProvider;

/**
 * A resolved Netty transport: its event-loop groups and channel classes. {@code auto} is epoll when the
 * native library loads, else NIO; io_uring only when asked for, because it is not always allowed (seccomp,
 * old kernels). Natives are touched only here, when a test starts, so {@code --version} stays fast.
 */
public final class NettyTransport {
    private final Transport kind;

    private NettyTransport(Transport kind) {
        this.kind = kind;
    }

    /** Resolves the request; an explicitly requested native transport that cannot load is an error. */
    public static NettyTransport resolve(Transport requested) {
        return switch (requested) {
            case AUTO -> new NettyTransport(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("--transport epoll: unavailable: " + Epoll.unavailabilityCause());
                }
                yield new NettyTransport(Transport.EPOLL);
            }
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("--transport io_uring: unavailable: " + IoUring.unavailabilityCause());
                }
                yield new NettyTransport(Transport.IO_URING);
            }
            case NIO -> new NettyTransport(Transport.NIO);
        };
    }

    /** Whether a transport can be used on this machine (for tests parameterised over transports). */
    public static boolean isAvailable(Transport kind) {
        return switch (kind) {
            case AUTO, NIO -> true;
            case EPOLL -> Epoll.isAvailable();
            case IO_URING -> IoUring.isAvailable();
        };
    }

    public Transport kind() {
        return kind;
    }

    /** Whether socket options beyond Java's (TCP_MAXSEG, TCP_CONGESTION, TCP_INFO) are reachable. */
    public boolean isNative() {
        return kind == Transport.EPOLL || kind == Transport.IO_URING;
    }

    public EventLoopGroup newGroup(int threads, String name) {
        return newGroup(threads, name, 0);
    }

    /**
     * A group whose loops poll for up to {@code spinNs} after their last event before they block (see
     * {@link SpinThenBlock}); 0 blocks at once, as usual. io_uring waits in the kernel and cannot spin.
     */
    public EventLoopGroup newGroup(int threads, String name, long spinNs) {
        return new UntimedIdleLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory(spinNs));
    }

    private IoHandlerFactory ioHandlerFactory(long spinNs) {
        if (spinNs > 0) {
            return switch (kind) {
                case EPOLL -> EpollIoHandler.newFactory(0, SpinThenBlock.factory(spinNs));
                case NIO -> NioIoHandler.newFactory(SelectorProvider.provider(), SpinThenBlock.factory(spinNs));
                default -> throw new IllegalStateException("--busy-poll: needs the epoll or nio transport, not "
                        + kind.label());
            };
        }
        return switch (kind) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (kind) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            default -> NioSocketChannel.class;
        };
    }

    /** The UDP channel class of this transport (connected per stream, as iperf3's UDP streams are). */
    public Class<? extends DatagramChannel> datagramChannel() {
        return switch (kind) {
            case EPOLL -> EpollDatagramChannel.class;
            case IO_URING -> IoUringDatagramChannel.class;
            default -> NioDatagramChannel.class;
        };
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return switch (kind) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /**
     * Reads TCP_INFO of a connection, or returns null where the transport cannot (NIO). Safe from any
     * thread: it is one getsockopt on the descriptor.
     */
    public static TcpStats tcpStats(Channel channel) {
        try {
            if (channel instanceof EpollSocketChannel epoll && epoll.isOpen()) {
                EpollTcpInfo i = epoll.tcpInfo();
                return new TcpStats(i.totalRetrans(), i.sndCwnd() * i.sndMss(), i.rtt(), i.rttvar(), i.pmtu());
            }
            if (channel instanceof IoUringSocketChannel uring && uring.isOpen()) {
                IoUringTcpInfo i = uring.tcpInfo();
                return new TcpStats(i.totalRetrans(), i.sndCwnd() * i.sndMss(), i.rtt(), i.rttvar(), i.pmtu());
            }
        } catch (RuntimeException e) {
            return null; // the socket closed under us: no sample
        }
        return null;
    }
}
