package io.jloadgen.api;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.testing.ExternalTool;
import io.jloadgen.testing.LoopbackServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --dont-fragment} end to end, both ways with stock iperf3 (its {@code dont_fragment} parameter): the tests
 * run and the server sets it without complaint. That the socket option is set is checked in DontFragmentTest.
 */
@Timeout(60)
class DontFragmentInteropTest {
    @RegisterExtension
    final LoopbackServers servers = new LoopbackServers();

    private static ClientConfig.Builder udp(int port) {
        return ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(1)).udp(true)
                .bitrateBps(10_000_000).dontFragment(true);
    }

    @Test
    void jloadgenBothEndsBothWays() {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        Server server = servers.start();
        for (Direction d : new Direction[] {Direction.FORWARD, Direction.REVERSE}) {
            TestResult r = Client.run(udp(server.port()).direction(d).build(), OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s\n%s", r.error(), servers.log()).isTrue();
            assertThat(r.bytesReceived()).isPositive();
        }
        assertThat(servers.log()).contains("done").doesNotContain("warning");
    }

    @Test
    void againstStockIperf3Server() {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        ExternalTool.assumeInstalled("iperf3");
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            TestResult r = Client.run(udp(port).build(), OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s\n%s", r.error(), iperf3.output()).isTrue();
            assertThat(r.bytesReceived()).isPositive();
        }
    }

    @Test
    void stockIperf3ClientAsksOurServer() {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        ExternalTool.assumeInstalled("iperf3");
        Server server = servers.start();
        ExternalTool.Result r = ExternalTool.run(20, "iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-u", "-b", "10M", "-R", "--dont-fragment", "-t", "1");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr() + servers.log()).isZero();
        assertThat(r.stdout()).contains("receiver");
        assertThat(servers.log()).doesNotContain("warning");
    }
}
