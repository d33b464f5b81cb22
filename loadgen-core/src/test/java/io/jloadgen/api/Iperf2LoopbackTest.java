package io.jloadgen.api;

import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** jloadgen's iperf 2 modes against jloadgen server over real sockets on 127.0.0.1, per transport (both ends). */
@Timeout(60)
class Iperf2LoopbackTest {
    private static final Pattern SERVER_TOTAL = Pattern.compile("iperf 2 client\\): done, (\\d+) streams?, (\\d+) bytes received");
    private static final Pattern ECHOED = Pattern.compile("bounceback done; (\\d+) requests of 128 bytes echoed");

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO", "IO_URING"})
    void plainStreamsAndBouncebackAgreeExactly(Transport transport) throws Exception {
        assumeTrue(NettyTransport.isAvailable(transport), transport + " is not available here");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, transport, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            ClientConfig plain = ClientConfig.builder("127.0.0.1").port(server.port()).streams(3).transport(transport)
                    .duration(Duration.ofSeconds(1)).build();
            TestResult sent = Client.startIperf2(plain, OutputFormat.NONE, System.out, false).get();
            assertThat(sent.ok()).as(sent.error()).isTrue();
            Await.until(10_000, "the server summarised the iperf 2 test",
                    () -> SERVER_TOTAL.matcher(log.toString(StandardCharsets.UTF_8)).find());
            Matcher m = SERVER_TOTAL.matcher(log.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).isEqualTo("3");
            assertThat(Long.parseLong(m.group(2))).isEqualTo(sent.bytesSent());

            ClientConfig bb = plain.toBuilder().streams(2).blockSize(128).build();
            TestResult r = Client.startBounceback(bb, new BouncebackConfig(Duration.ZERO, Duration.ZERO, true),
                    OutputFormat.NONE, System.out).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.transport()).isEqualTo(transport.label());
            Await.until(5000, "every test ended", () -> server.activeTests() == 0);
            long echoed = 0;
            Matcher e = ECHOED.matcher(log.toString(StandardCharsets.UTF_8));
            while (e.find()) {
                echoed += Long.parseLong(e.group(1));
            }
            assertThat(echoed * 128).as("every request echoed once, every echo counted").isEqualTo(r.bytesSent()).isPositive();
            assertThat(server.testsCompleted()).isEqualTo(3);
            assertThat(server.testsFailed()).isZero();
        }
    }

    /** {@code -O} with {@code --bounceback}: the warm-up's round trips are echoed but not counted. */
    @Test
    void bouncebackOmitLeavesTheWarmUpOut() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            ClientConfig bb = ClientConfig.builder("127.0.0.1").port(server.port()).streams(1).blockSize(128)
                    .omit(Duration.ofSeconds(1)).duration(Duration.ofSeconds(1)).build();
            TestResult r = Client.startBounceback(bb, new BouncebackConfig(Duration.ofMillis(1), Duration.ZERO, true),
                    OutputFormat.NONE, System.out).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.omitS()).isEqualTo(1.0);
            JsonNode doc = new ObjectMapper().readTree(r.json());
            assertThat(doc.at("/start/test_start/omit").asInt()).isEqualTo(1);
            assertThat(doc.at("/end/bounceback/seconds").asDouble()).as("the measured window is -t, not -O + -t")
                    .isBetween(0.9, 1.5);
            Await.until(5000, "the server logged the echoes", () -> ECHOED.matcher(log.toString(StandardCharsets.UTF_8)).find());
            Matcher e = ECHOED.matcher(log.toString(StandardCharsets.UTF_8));
            assertThat(e.find()).isTrue();
            long counted = doc.at("/end/bounceback/count").asLong();
            assertThat(counted * 128).isEqualTo(r.bytesSent()).isPositive();
            assertThat(Long.parseLong(e.group(1))).as("the server also echoed the warm-up's requests").isGreaterThan(counted + 100);
        }
    }

    /**
     * {@code --busy-poll}: the client's loop polls instead of sleeping, back to back and with a period (where
     * it polls, then sleeps until the next tick), and every echo is still counted once.
     */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
    void busyPollingClientCountsEveryEcho(Transport transport) throws Exception {
        assumeTrue(NettyTransport.isAvailable(transport), transport + " is not available here");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, transport, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            ClientConfig bb = ClientConfig.builder("127.0.0.1").port(server.port()).streams(2).blockSize(128)
                    .transport(transport).duration(Duration.ofSeconds(1)).build();
            TestResult backToBack = Client.startBounceback(bb,
                    new BouncebackConfig(Duration.ZERO, Duration.ZERO, true, Duration.ofNanos(200_000)), OutputFormat.NONE,
                    System.out).get();
            TestResult periodic = Client.startBounceback(bb,
                    new BouncebackConfig(Duration.ofMillis(5), Duration.ZERO, true, Duration.ofNanos(200_000)),
                    OutputFormat.NONE, System.out).get();
            assertThat(backToBack.ok()).as(backToBack.error()).isTrue();
            assertThat(periodic.ok()).as(periodic.error()).isTrue();
            JsonNode doc = new ObjectMapper().readTree(periodic.json());
            assertThat(doc.at("/start/test_start/busy_poll_us").asLong()).isEqualTo(200);
            long ticks = doc.at("/end/bounceback/count").asLong();
            assertThat(ticks).as("one request per 5 ms tick and connection, no more: polling does not send")
                    .isPositive().isLessThanOrEqualTo(2 * (1000 / 5 + 2));
            Await.until(5000, "every test ended", () -> server.activeTests() == 0);
            long echoed = 0;
            Matcher e = ECHOED.matcher(log.toString(StandardCharsets.UTF_8));
            while (e.find()) {
                echoed += Long.parseLong(e.group(1));
            }
            assertThat(echoed * 128).as("every request echoed once, every echo counted")
                    .isEqualTo(backToBack.bytesSent() + periodic.bytesSent());
        }
    }

    @Test
    void busyPollNeedsALoopThatCanPoll() throws Exception {
        assumeTrue(NettyTransport.isAvailable(Transport.IO_URING), "io_uring is not available here");
        ClientConfig bb = ClientConfig.builder("127.0.0.1").port(9).blockSize(128).transport(Transport.IO_URING)
                .duration(Duration.ofSeconds(1)).build();
        TestResult r = Client.startBounceback(bb, new BouncebackConfig(Duration.ZERO, Duration.ZERO, true,
                Duration.ofNanos(50_000)), OutputFormat.NONE, System.out).get();
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("--busy-poll").contains("io_uring");
    }
}
