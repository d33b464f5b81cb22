package io.jloadgen.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The server's settings.
 *
 * @param bindAddress    address to listen on ({@code -B}), null for all
 * @param port           port ({@code -p})
 * @param oneOff         serve one test, then exit ({@code -1})
 * @param transport      Netty transport
 * @param threads        event-loop threads, 0 for one per core
 * @param controlTimeout deadline for the cookie and each control message from a client
 * @param maxTests       tests served at once; a client beyond it gets iperf3's access-denied state
 * @param limits         what one test may ask for ({@code --max-duration}, {@code --max-streams},
 *                       {@code --max-bitrate})
 * @param auth           iperf3-compatible client authentication, null for none
 * @param rateFormat     the text output's bitrate unit ({@code -f}: one of kmgtKMGT), or 'a' to adapt it
 */
public record ServerConfig(
        String bindAddress,
        int port,
        boolean oneOff,
        Transport transport,
        int threads,
        Duration controlTimeout,
        int maxTests,
        ServerLimits limits,
        ServerAuth auth,
        char rateFormat) {

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("-p/--port: must be 0..65535, not " + port);
        }
        if (threads < 0 || threads > 256) {
            throw new IllegalArgumentException("--threads: must be 0..256, not " + threads);
        }
        if (maxTests < 1) {
            throw new IllegalArgumentException("--max-tests: must be at least 1, not " + maxTests);
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(controlTimeout, "controlTimeout");
        Objects.requireNonNull(limits, "limits");
        if (controlTimeout.isNegative() || controlTimeout.isZero()) {
            throw new IllegalArgumentException("--control-timeout: must be positive");
        }
        RateFormat.require(rateFormat);
    }

    /** With adaptive rate units in its text output. */
    public ServerConfig(String bindAddress, int port, boolean oneOff, Transport transport, int threads,
                        Duration controlTimeout, int maxTests, ServerLimits limits, ServerAuth auth) {
        this(bindAddress, port, oneOff, transport, threads, controlTimeout, maxTests, limits, auth, RateFormat.ADAPTIVE);
    }

    /** A server without per-test limits. */
    public ServerConfig(String bindAddress, int port, boolean oneOff, Transport transport, int threads,
                        Duration controlTimeout, int maxTests) {
        this(bindAddress, port, oneOff, transport, threads, controlTimeout, maxTests, ServerLimits.NONE, null);
    }

    /** Defaults: all addresses, port 5201, epoll when available, a 10 s control deadline, 64 tests at once. */
    public static ServerConfig defaults() {
        return new ServerConfig(null, ClientConfig.DEFAULT_PORT, false, Transport.AUTO, 0, Duration.ofSeconds(10), 64);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bindAddress, newPort, oneOff, transport, threads, controlTimeout, maxTests, limits, auth, rateFormat);
    }

    public ServerConfig withLimits(ServerLimits newLimits) {
        return new ServerConfig(bindAddress, port, oneOff, transport, threads, controlTimeout, maxTests, newLimits, auth, rateFormat);
    }

    public ServerConfig withAuth(ServerAuth newAuth) {
        return new ServerConfig(bindAddress, port, oneOff, transport, threads, controlTimeout, maxTests, limits, newAuth, rateFormat);
    }

    public ServerConfig withRateFormat(char newRateFormat) {
        return new ServerConfig(bindAddress, port, oneOff, transport, threads, controlTimeout, maxTests, limits, auth,
                newRateFormat);
    }

    public int eventLoopThreads(int cores) {
        return threads > 0 ? threads : Math.max(1, cores);
    }
}
