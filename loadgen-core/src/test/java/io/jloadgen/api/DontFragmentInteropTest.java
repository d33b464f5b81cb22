package io.jloadgen.api;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.testing.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --dont-fragment} end to end, both ways with stock iperf3 (its {@code dont_fragment} parameter): the tests
 * run and the server sets it without complaint. That the socket option is set is checked in DontFragmentTest.
 */
@Timeout(60)
class DontFragmentInteropTest {
    private final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void startServer() {
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(serverLog, true, StandardCharsets.UTF_8));
    }

    private static ClientConfig.Builder udp(int port) {
        return ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(1)).udp(true)
                .bitrateBps(10_000_000).dontFragment(true);
    }

    @Test
    void jloadgenBothEndsBothWays() {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        startServer();
        for (Direction d : new Direction[] {Direction.FORWARD, Direction.REVERSE}) {
            TestResult r = Client.run(udp(server.port()).direction(d).build(), OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s\n%s", r.error(), serverLog).isTrue();
            assertThat(r.bytesReceived()).isPositive();
        }
        assertThat(serverLog.toString()).contains("done").doesNotContain("warning");
    }

    @Test
    void againstStockIperf3Server() {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        ExternalTool.assumeInstalled("iperf3");
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.start("Server listening", 10,
                "iperf3", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port), "--forceflush")) {
            TestResult r = Client.run(udp(port).build(), OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s\n%s", r.error(), iperf3.output()).isTrue();
            assertThat(r.bytesReceived()).isPositive();
        }
    }

    @Test
    void stockIperf3ClientAsksOurServer() {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        ExternalTool.assumeInstalled("iperf3");
        startServer();
        ExternalTool.Result r = ExternalTool.run(20, "iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-u", "-b", "10M", "-R", "--dont-fragment", "-t", "1");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr() + serverLog).isZero();
        assertThat(r.stdout()).contains("receiver");
        assertThat(serverLog.toString()).doesNotContain("warning");
    }
}
