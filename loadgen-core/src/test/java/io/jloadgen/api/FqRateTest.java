package io.jloadgen.api;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code --fq-rate}: the kernel paces every data socket at both ends (SO_MAX_PACING_RATE), as iperf3 has it, over
 * real loopback sockets. Unpaced, loopback runs at tens of Gbit/s; paced at 40 Mbit/s, a test must come out near
 * that, whichever end sends, with a stock iperf3 at the other end too.
 */
@Timeout(60)
class FqRateTest {
    private static final long RATE = 40_000_000;
    @RegisterExtension
    final LoopbackServers servers = new LoopbackServers();

    private static ClientConfig.Builder paced(int port) {
        return ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(2)).fqRateBps(RATE);
    }

    /** Paced at 40 Mbit/s: far below loopback's unpaced tens of Gbit/s, and not far from the rate. */
    private static void assertPaced(TestResult r, String context) {
        assertThat(r.ok()).as("%s\n%s", r.error(), context).isTrue();
        assertThat(r.receiverGbps() * 1e9).as("received bit/s\n%s", context).isBetween(RATE * 0.5, RATE * 1.5);
    }

    @Test
    void theClientsSendersArePaced() throws Exception {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        Server server = servers.start();
        TestResult r = Client.run(paced(server.port()).build(), OutputFormat.NONE, System.out);
        assertPaced(r, servers.log());
        var json = new ObjectMapper().readTree(r.json()).path("start");
        assertThat(json.path("fq_rate").asLong()).isEqualTo(RATE); // as iperf3's -J reports it
        assertThat(json.path("test_start").path("fqrate").asLong()).isEqualTo(RATE);
    }

    @Test
    void theServerPacesItsSendersWhenAsked() {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        Server server = servers.start();
        assertPaced(Client.run(paced(server.port()).direction(Direction.REVERSE).build(), OutputFormat.NONE, System.out),
                servers.log());
    }

    @Test
    void ourSendersArePacedAgainstStockIperf3Server() {
        // (iperf3 3.12's server paces its own -R senders only with -N, -M or -w: only then does it make a new listener)
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        ExternalTool.assumeInstalled("iperf3");
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            assertPaced(Client.run(paced(port).build(), OutputFormat.NONE, System.out), iperf3.output());
        }
    }

    @Test
    void stockIperf3ClientGetsAReverseTestPacedByOurServer() throws Exception {
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        ExternalTool.assumeInstalled("iperf3");
        Server server = servers.start();
        ExternalTool.Result r = ExternalTool.run(20, "iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-R", "--fq-rate", "40M", "-t", "2", "-J");
        String context = r.stdout() + r.stderr() + servers.log();
        assertThat(r.exitCode()).as(context).isZero();
        double received = new ObjectMapper().readTree(r.stdout()).at("/end/sum_received/bits_per_second").asDouble();
        assertThat(received).as("received bit/s\n%s", context).isBetween(RATE * 0.5, RATE * 1.5);
    }

    @Test
    void udpStreamsTakeThePacingRateToo() {
        // on loopback (noqueue) the kernel paces UDP only under the fq qdisc: this checks both ends set it and run
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL));
        Server server = servers.start();
        for (Direction d : new Direction[] {Direction.FORWARD, Direction.REVERSE}) {
            TestResult r = Client.run(paced(server.port()).udp(true).bitrateBps(10_000_000).direction(d).build(),
                    OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s\n%s", r.error(), servers.log()).isTrue();
            assertThat(r.bytesReceived()).isPositive();
        }
        assertThat(servers.log()).doesNotContain("warning");
    }

    @Test
    void nioCannotPaceAndSaysSoBeforeTheTest() {
        Server server = servers.start();
        TestResult r = Client.run(paced(server.port()).transport(Transport.NIO).build(), OutputFormat.NONE, System.out);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("--fq-rate needs the epoll or io_uring transport");
    }
}
