package io.jloadgen.session;

import io.jloadgen.config.ServerConfig;
import io.jloadgen.engine.NettyTransport;

import java.io.PrintStream;
import java.time.Instant;
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
    private final Authenticator authenticator;

    public ServerContext(ServerConfig config, NettyTransport transport, PrintStream log, Consumer<ServerTest> onTestEnd) {
        this.config = config;
        this.transport = transport;
        this.log = log;
        this.onTestEnd = onTestEnd;
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
            if (tests.size() >= config.maxTests() || tests.containsKey(cookie)) {
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
        return tests.size();
    }
}
