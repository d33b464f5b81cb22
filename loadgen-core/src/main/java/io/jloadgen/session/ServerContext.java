package io.jloadgen.session;

import io.jloadgen.config.ServerConfig;
import io.jloadgen.engine.BlockingEcho;
import io.jloadgen.engine.NettyTransport;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What the connections of one server share: its settings, the tests in progress by cookie, the log, and a
 * listener told of every finished test. Thread-safe: connections on different event loops use it at once.
 */
public final class ServerContext {
    private final ServerConfig config;
    private final NettyTransport transport;
    private final PrintStream log;
    private final ConcurrentMap<String, ServerTest> tests = new ConcurrentHashMap<>();
    private final AtomicInteger testNumbers = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Consumer<ServerTest> onTestEnd;
    private volatile UdpStreamAcceptor udp;
    private final Authenticator authenticator;
    private final Consumer<String> onOtherTestEnd;
    /** iperf 2 tests (throughput groups and bounceback connections) in progress; guarded by {@code tests}. */
    private int otherTests;
    private final Set<BlockingEcho> echoes = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final Iperf2Groups iperf2Groups = new Iperf2Groups(this);

    public ServerContext(ServerConfig config, NettyTransport transport, PrintStream log, Consumer<ServerTest> onTestEnd) {
        this(config, transport, log, onTestEnd, error -> { });
    }

    /** @param onOtherTestEnd told of every finished iperf 2 test, with its error or null */
    public ServerContext(ServerConfig config, NettyTransport transport, PrintStream log, Consumer<ServerTest> onTestEnd,
                         Consumer<String> onOtherTestEnd) {
        this.config = config;
        this.transport = transport;
        this.log = log;
        this.onTestEnd = onTestEnd;
        this.onOtherTestEnd = onOtherTestEnd;
        this.authenticator = config.auth() == null ? null : Authenticator.load(config.auth());
    }

    /** Null when the client may run its test (or the server does not authenticate); else why not. */
    String authenticate(com.fasterxml.jackson.databind.JsonNode parameters) {
        return authenticator == null ? null : authenticator.check(parameters);
    }

    public ServerConfig config() {
        return config;
    }

    NettyTransport transport() {
        return transport;
    }

    PrintStream out() {
        return log;
    }

    /** One line about one peer, timestamped, printed whole. */
    void log(String line) {
        synchronized (log) {
            log.println(Instant.now() + " " + line);
            log.flush();
        }
    }

    ServerTest test(String cookie) {
        return tests.get(cookie);
    }

    /** Registers a new test unless the server is at its limit or the cookie is taken; returns whether it did. */
    boolean register(String cookie, ServerTest test) {
        synchronized (tests) {
            if (tests.size() + otherTests >= config.maxTests() || tests.containsKey(cookie)) {
                return false;
            }
            tests.put(cookie, test);
            return true;
        }
    }

    void ended(String cookie, ServerTest test) {
        if (tests.remove(cookie, test)) {
            onTestEnd.accept(test);
        }
    }

    /**
     * Opens the UDP listener for UDP tests on the server's address and port (the one the TCP listener got);
     * without it, UDP tests are refused. Called once, after the TCP listener is bound.
     */
    public void listenForUdp(io.netty.channel.EventLoopGroup group, java.net.InetSocketAddress local) {
        udp = UdpStreamAcceptor.bind(this, group, local);
    }

    /** Whether UDP tests can be served. */
    boolean udpAvailable() {
        return udp != null;
    }

    /** Closes the UDP listener, if any, and ends the echoes running on threads of their own. */
    public void close() {
        if (udp != null) {
            udp.close();
        }
        closed = true;
        for (BlockingEcho echo : echoes) {
            echo.stop("the server stopped");
        }
    }

    /** An echo on a thread of its own has started; {@link #close} ends it unless it ends first. */
    void echoStarted(BlockingEcho echo) {
        echoes.add(echo);
        if (closed) {
            echo.stop("the server stopped");
        }
    }

    void echoEnded(BlockingEcho echo) {
        echoes.remove(echo);
    }

    /** The oldest test waiting for UDP streams from this address, or null. */
    ServerTest testAwaitingUdpFrom(java.net.InetAddress address) {
        ServerTest best = null;
        for (ServerTest t : tests.values()) {
            if (t.awaitsUdpStreamFrom(address) && (best == null || t.number() < best.number())) {
                best = t;
            }
        }
        return best;
    }

    /** Counts an iperf 2 test in, unless the server is at its limit; returns whether it did. */
    boolean reserveOtherTest() {
        synchronized (tests) {
            if (tests.size() + otherTests >= config.maxTests()) {
                return false;
            }
            otherTests++;
            return true;
        }
    }

    /** An iperf 2 test counted in by {@link #reserveOtherTest()} has ended; {@code error} is null if it went well. */
    void otherTestEnded(String error) {
        synchronized (tests) {
            otherTests--;
        }
        onOtherTestEnd.accept(error);
    }

    Iperf2Groups iperf2Groups() {
        return iperf2Groups;
    }

    int nextTestNumber() {
        return testNumbers.incrementAndGet();
    }

    /** Counts an accepted connection as open until it closes. */
    void opened(io.netty.channel.Channel channel) {
        openConnections.incrementAndGet();
        channel.closeFuture().addListener(f -> openConnections.decrementAndGet());
    }

    /** Accepted connections (control and data) not yet closed. */
    public int openConnections() {
        return openConnections.get();
    }

    /** Tests in progress now. */
    public int activeTests() {
        synchronized (tests) {
            return tests.size() + otherTests;
        }
    }
}
