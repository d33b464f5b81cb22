package io.jloadgen.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.RawUnixChannelOption;
import io.netty.util.AttributeKey;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Socket options a test asks for ({@code -w -N -M -C -S --fq-rate}). Zero or null leaves the kernel's default: in
 * particular, socket buffers stay autotuned unless {@code -w} is given (forcing them cost ~35% on loopback).
 *
 * @param bufferBytes SO_SNDBUF and SO_RCVBUF, 0 for autotuning
 * @param noDelay     TCP_NODELAY
 * @param mss         TCP_MAXSEG, 0 for default (native transports only)
 * @param congestion  TCP_CONGESTION algorithm name, null for default (native transports only)
 * @param tos         IP_TOS (IPV6_TCLASS on an IPv6 socket), 0 for the kernel's
 * @param fqRateBps   SO_MAX_PACING_RATE in bits/s, 0 for none (native transports only): set on each connected data
 *                    socket, TCP or UDP, at both ends, as iperf3 sets it
 * @param dontFragment IP_MTU_DISCOVER = IP_PMTUDISC_DO on each connected UDP socket whose peer is IPv4 (native
 *                    transports only), as iperf3's {@code --dont-fragment}
 */
public record SocketTuning(int bufferBytes, boolean noDelay, int mss, String congestion, int tos, long fqRateBps,
                           boolean dontFragment) {
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_MAXSEG = 2;
    private static final int TCP_CONGESTION = 13;
    private static final int TCP_QUICKACK = 12;
    private static final int TCP_CA_NAME_MAX = 16;
    private static final IntegerUnixChannelOption MAXSEG = new IntegerUnixChannelOption("TCP_MAXSEG", IPPROTO_TCP, TCP_MAXSEG);
    private static final RawUnixChannelOption CONGESTION =
            new RawUnixChannelOption("TCP_CONGESTION", IPPROTO_TCP, TCP_CONGESTION, TCP_CA_NAME_MAX);

    private static final IntegerUnixChannelOption QUICKACK = new IntegerUnixChannelOption("TCP_QUICKACK", IPPROTO_TCP, TCP_QUICKACK);
    private static final int TCP_USER_TIMEOUT = 18;
    private static final IntegerUnixChannelOption USER_TIMEOUT =
            new IntegerUnixChannelOption("TCP_USER_TIMEOUT", IPPROTO_TCP, TCP_USER_TIMEOUT);

    private static final int SOL_SOCKET = 1;
    private static final int SO_MAX_PACING_RATE = 47;
    /** 64 bits (Linux 4.20 and later): a 32-bit rate would stop at 34 Gbit/s. */
    private static final RawUnixChannelOption MAX_PACING_RATE =
            new RawUnixChannelOption("SO_MAX_PACING_RATE", SOL_SOCKET, SO_MAX_PACING_RATE, Long.BYTES);

    private static final int IPPROTO_IP = 0;
    private static final int IP_MTU_DISCOVER = 10;
    private static final int IP_PMTUDISC_DO = 2;
    private static final IntegerUnixChannelOption MTU_DISCOVER =
            new IntegerUnixChannelOption("IP_MTU_DISCOVER", IPPROTO_IP, IP_MTU_DISCOVER);

    private static final AttributeKey<String> CONGESTION_REFUSED = AttributeKey.valueOf(SocketTuning.class, "congestionRefused");

    public static final SocketTuning DEFAULT = new SocketTuning(0, false, 0, null, 0, 0, false);

    /** Checks that the transport can honour the options, so a test fails before it starts, not half way. */
    public void checkSupportedBy(NettyTransport transport) {
        if ((mss > 0 || congestion != null) && !transport.isNative()) {
            throw new IllegalArgumentException((mss > 0 ? "-M/--set-mss" : "-C/--congestion")
                    + " needs the epoll or io_uring transport, not " + transport.kind().label());
        }
        if (tos > 0 && !transport.isNative()) {
            // Java's sockets are dual-stack IPv6 ones, on which the JDK sets IPV6_TCLASS only: IPv4 packets
            // would leave unmarked (seen with ss --tos)
            throw new IllegalArgumentException("-S/--tos and --dscp need the epoll or io_uring transport, not "
                    + transport.kind().label() + " (the JDK marks only IPv6 traffic)");
        }
        if ((fqRateBps > 0 || dontFragment) && !transport.isNative()) {
            throw new IllegalArgumentException((fqRateBps > 0 ? "--fq-rate" : "--dont-fragment")
                    + " needs the epoll or io_uring transport, not " + transport.kind().label());
        }
        if (congestion != null && (congestion.isEmpty() || congestion.length() >= TCP_CA_NAME_MAX)) {
            throw new IllegalArgumentException("-C/--congestion: name must be 1.." + (TCP_CA_NAME_MAX - 1) + " characters");
        }
    }

    /**
     * Options that must be set before connect (MSS is negotiated in the SYN); call after the bootstrap's
     * handler is set, which this wraps when a congestion algorithm is asked for.
     */
    public void applyTo(Bootstrap bootstrap) {
        if (bufferBytes > 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, bufferBytes);
            bootstrap.option(ChannelOption.SO_RCVBUF, bufferBytes);
        }
        bootstrap.option(ChannelOption.TCP_NODELAY, noDelay);
        if (tos > 0) {
            bootstrap.option(ChannelOption.IP_TOS, tos);
        }
        if (mss > 0) {
            bootstrap.option(MAXSEG, mss);
        }
        if (congestion != null) {
            // Not a bootstrap option: Netty consumes the option's buffer when it sets it, so a shared buffer
            // would reach the second connection empty. Each channel gets its own, before it connects.
            ChannelHandler handler = bootstrap.config().handler();
            bootstrap.handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    // TCP only: a UDP stream of the same test keeps its default, as iperf3's does
                    if (ch instanceof SocketChannel) {
                        try {
                            setCongestion(ch.config());
                        } catch (CongestionRefusedException e) {
                            // the connect then fails as closed, with no word why: refusal(ch) keeps the word
                            ch.attr(CONGESTION_REFUSED).set(e.getMessage());
                            ch.close();
                            return;
                        }
                    }
                    if (handler != null) {
                        ch.pipeline().addLast(handler);
                    }
                }
            });
        }
    }

    /**
     * Why a connection made with {@link #applyTo(Bootstrap)} closed before it connected when the kernel refused
     * its {@code -C} algorithm (the message names it and what the kernel offers); null otherwise.
     */
    public static String refusal(Channel channel) {
        return channel == null ? null : channel.attr(CONGESTION_REFUSED).get();
    }

    /** Applies to an accepted connection (the server side of a data stream). */
    public void applyTo(Channel channel) {
        var config = channel.config();
        if (bufferBytes > 0) {
            config.setOption(ChannelOption.SO_SNDBUF, bufferBytes);
            config.setOption(ChannelOption.SO_RCVBUF, bufferBytes);
        }
        config.setOption(ChannelOption.TCP_NODELAY, noDelay);
        if (tos > 0) {
            config.setOption(ChannelOption.IP_TOS, tos);
        }
        if (congestion != null) {
            setCongestion(config);
        }
    }

    /**
     * Options set once a data socket, TCP or UDP, is connected (at either end): the pacing rate, and Don't Fragment
     * on IPv4 UDP. Returns null, or why the kernel would not set one.
     */
    public String applyConnected(Channel channel) {
        if (dontFragment && channel instanceof DatagramChannel && isIpv4(channel.remoteAddress())) {
            try {
                if (!channel.config().setOption(MTU_DISCOVER, IP_PMTUDISC_DO)) {
                    return "--dont-fragment: not supported by this transport";
                }
            } catch (ChannelException e) {
                return "--dont-fragment: the kernel refused IP_MTU_DISCOVER (" + e.getMessage() + ")";
            }
        }
        if (fqRateBps <= 0) {
            return null;
        }
        // a buffer per socket: Netty consumes the one it is given
        ByteBuffer rate = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(0, fqRateBps / 8);
        try {
            return channel.config().setOption(MAX_PACING_RATE, rate) ? null
                    : "--fq-rate: not supported by this transport";
        } catch (ChannelException e) {
            return "--fq-rate: the kernel refused SO_MAX_PACING_RATE (" + e.getMessage() + ")";
        }
    }

    private static boolean isIpv4(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a) || a.getAddress() == null) {
            return false;
        }
        return a.getAddress() instanceof Inet4Address; // Java shows a v4-mapped peer as an Inet4Address too
    }

    /** A congestion algorithm the kernel would not set on a socket; the message says what it allows instead. */
    public static final class CongestionRefusedException extends IllegalArgumentException {
        CongestionRefusedException(String message) {
            super(message);
        }
    }

    private void setCongestion(ChannelConfig config) {
        boolean set;
        try {
            set = config.setOption(CONGESTION, congestionBytes());
        } catch (ChannelException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().replace("setsockopt() failed: ", "");
            throw new CongestionRefusedException("-C/--congestion: the kernel refused TCP congestion control algorithm '"
                    + congestion + "' (" + why + "); " + kernelAlgorithms());
        }
        if (!set) {
            throw new IllegalArgumentException("-C/--congestion: not supported by this transport");
        }
    }

    /**
     * What the kernel offers, from /proc: any process may set an allowed algorithm; a privileged one any
     * available (and modules the kernel can load).
     */
    static String kernelAlgorithms() {
        return "allowed: " + procList("tcp_allowed_congestion_control") + "; available: "
                + procList("tcp_available_congestion_control");
    }

    private static String procList(String name) {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv4", name)).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/sys/net/ipv4/" + name + ")";
        }
    }

    /**
     * Sets TCP_USER_TIMEOUT ({@code --snd-timeout}): how long sent data may stay unacknowledged before the kernel
     * drops the connection. Native transports only; returns false where the transport cannot set it.
     */
    public static boolean setUserTimeout(Channel channel, int timeoutMs) {
        try {
            return channel.config().setOption(USER_TIMEOUT, timeoutMs);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The MSS of a connected TCP socket, 0 where the transport cannot tell (NIO). */
    public static int mssOf(Channel channel) {
        try {
            Integer mss = channel.config().getOption(MAXSEG);
            return mss == null ? 0 : mss;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The congestion algorithm in use on a connection, or null where the transport cannot tell. */
    public static String congestionOf(Channel channel) {
        try {
            ByteBuffer raw = channel.config().getOption(CONGESTION);
            if (raw == null) {
                return null;
            }
            byte[] bytes = new byte[raw.remaining()];
            raw.get(bytes);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The name NUL-padded to TCP_CA_NAME_MAX bytes: Netty's raw option refuses any other length. */
    private ByteBuffer congestionBytes() {
        byte[] name = congestion.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocateDirect(TCP_CA_NAME_MAX);
        buf.put(name).position(TCP_CA_NAME_MAX).flip();
        return buf;
    }

    /**
     * Asks the kernel to acknowledge at once instead of delaying ACKs (TCP_QUICKACK, which Linux clears
     * again by itself, so it is set per request as iperf 2 does). A no-op on NIO; returns whether it took.
     */
    public static boolean quickAck(Channel channel) {
        try {
            return channel.config().setOption(QUICKACK, 1);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
