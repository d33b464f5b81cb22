package io.jloadgen.api;

import io.jloadgen.config.ServerConfig;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.session.AcceptOrder;
import io.jloadgen.session.ServerChannelInitializer;
import io.jloadgen.session.ServerContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A running iperf3-protocol server. Serves many tests at once; {@link #close()} stops it. */
public final class Server implements AutoCloseable {
    private final EventLoopGroup acceptor;
    private final EventLoopGroup group;
    private final Channel listener;
    private final ServerContext context;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicInteger testsCompleted = new AtomicInteger();
    private final AtomicInteger testsFailed = new AtomicInteger();
    private final String transport;

    private Server(EventLoopGroup acceptor, EventLoopGroup group, Channel listener, ServerContext context, String transport) {
        this.acceptor = acceptor;
        this.group = group;
        this.listener = listener;
        this.context = context;
        this.transport = transport;
    }

    /** Binds and starts serving; returns once the port is listening. Log lines go to {@code log}. */
    public static Server start(ServerConfig config, PrintStream log) {
        NettyTransport transport = NettyTransport.resolve(config.transport());
        // The listener gets a thread of its own: on loops saturated by data streams, accepting waited behind
        // reads for over 10 s (16 tests x 4 streams on 2 cores), and tests timed out waiting for streams
        // that sat unaccepted in the listen queue.
        EventLoopGroup acceptor = transport.newGroup(1, "jloadgen-accept");
        EventLoopGroup group = transport.newGroup(config.eventLoopThreads(Runtime.getRuntime().availableProcessors()),
                "jloadgen-server");
        Server[] self = new Server[1];
        ServerContext context = new ServerContext(config, transport, log, test -> self[0].onTestEnd(test.error()),
                error -> self[0].onTestEnd(error));
        try {
            ServerBootstrap b = new ServerBootstrap().group(acceptor, group).channel(transport.serverSocketChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(new AcceptOrder())
                    .childHandler(new ServerChannelInitializer(context));
            InetSocketAddress address = config.bindAddress() == null
                    ? new InetSocketAddress(config.port()) : new InetSocketAddress(config.bindAddress(), config.port());
            Channel listener = b.bind(address).sync().channel();
            int bound = ((InetSocketAddress) listener.localAddress()).getPort();
            // iperf3's UDP streams "connect" to the same port as the control connection
            context.listenForUdp(group, config.bindAddress() == null
                    ? new InetSocketAddress(bound) : new InetSocketAddress(config.bindAddress(), bound));
            self[0] = new Server(acceptor, group, listener, context, transport.kind().label());
            return self[0];
        } catch (Exception e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("unable to start listener on port " + config.port() + ": " + e.getMessage(), e);
        }
    }

    /** Any test ended: an iperf3 test, an iperf 2 client's streams, or a bounceback connection. */
    private void onTestEnd(String error) {
        (error == null ? testsCompleted : testsFailed).incrementAndGet();
        if (context.config().oneOff()) {
            close();
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The Netty transport serving. */
    public String transport() {
        return transport;
    }

    /** Tests in progress now. */
    public int activeTests() {
        return context.activeTests();
    }

    /** Accepted connections, control and data, that are still open: 0 on an idle server. */
    public int openConnections() {
        return context.openConnections();
    }

    /**
     * Tests that ended well (iperf3: with IPERF_DONE; iperf 2: all streams closed; bounceback: the client
     * closed between requests), and tests that ended otherwise, since start.
     */
    public int testsCompleted() {
        return testsCompleted.get();
    }

    public int testsFailed() {
        return testsFailed.get();
    }

    /** Blocks until the server has stopped (after {@link #close()}, or after one test with -1). */
    public void awaitTermination() throws InterruptedException {
        try {
            terminated.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the server; once, whoever calls it first (a one-off server's end, a shutdown hook, the caller). */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        // Wait for the port to be released, so a caller can bind it again at once; not from our own loops
        // (a one-off server closes itself from the loop that ended its test).
        if (io.netty.util.concurrent.FastThreadLocalThread.currentThreadHasFastThreadLocal()) {
            listener.close();
        } else {
            listener.close().syncUninterruptibly();
        }
        context.close();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> terminated.complete(null));
    }
}
