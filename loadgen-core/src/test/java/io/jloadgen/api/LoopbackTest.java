package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** jloadgen client against jloadgen server over real sockets on 127.0.0.1, per transport. */
@Timeout(60)
class LoopbackTest {
    private final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
    private Server server;

    private Server startServer(Transport transport) {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, false, transport, 2, Duration.ofSeconds(5), 64);
        server = Server.start(config, new PrintStream(serverLog, true, StandardCharsets.UTF_8));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ClientConfig.Builder client(Server s, Transport transport) {
        return ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofMillis(1500))
                .interval(Duration.ofMillis(500)).transport(transport);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO", "IO_URING"})
    void forwardReverseAndFourStreamsMoveBytesThatAgreeExactly(Transport transport) {
        assumeTrue(NettyTransport.isAvailable(transport), transport + " is not available here");
        Server s = startServer(transport);
        for (ClientConfig config : new ClientConfig[] {
                client(s, transport).build(),
                client(s, transport).direction(Direction.REVERSE).build(),
                client(s, transport).streams(4).build(),
                client(s, transport).streams(4).direction(Direction.REVERSE).build()}) {
            TestResult r = Client.run(config, OutputFormat.NONE, System.out);
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.transport()).isEqualTo(transport.label());
            assertThat(r.bytesSent()).as("bytes sent, %s", config.direction()).isPositive();
            assertThat(r.bytesReceived()).as("receiver total equals sender total (%s, %d streams)",
                    config.direction(), config.streams()).isEqualTo(r.bytesSent());
            assertThat(r.intervals()).isNotEmpty();
            assertThat(r.intervals().get(0).streamBytes()).hasSize(config.streams());
            // per stream too: both ends number their streams in the same (connection) order
            for (JsonNode stream : json(r).at("/end/streams")) {
                assertThat(stream.at("/receiver/bytes").longValue()).as("stream %s", stream.at("/sender/socket"))
                        .isEqualTo(stream.at("/sender/bytes").longValue());
            }
            long intervalSum = r.intervals().stream().filter(i -> !i.omitted()).mapToLong(i -> i.sumBytes()).sum();
            // the sender's intervals cover its whole window, and a receiving client's run to its last byte
            // (bytes drained after the planned end count in the total): so they add up to this end's total
            assertThat(intervalSum).as("intervals add up to the total, %s, %d streams", config.direction(), config.streams())
                    .isEqualTo(config.direction() == Direction.FORWARD ? r.bytesSent() : r.bytesReceived());
        }
        Await.until(5000, "the server has ended all tests", () -> s.activeTests() == 0);
        assertThat(s.testsCompleted()).isEqualTo(4);
        assertThat(s.testsFailed()).isZero();
        assertThat(s.activeTests()).isZero();
    }

    private static JsonNode json(TestResult r) {
        try {
            return new ObjectMapper().readTree(r.json());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void byteLimitSendsExactlyThatManyBytes() {
        Server s = startServer(Transport.AUTO);
        long limit = 50L * 1024 * 1024 + 12345; // not a multiple of the block: the last write is partial
        TestResult forward = Client.run(client(s, Transport.AUTO).streams(3).bytesLimit(limit).build(), OutputFormat.NONE, System.out);
        assertThat(forward.ok()).as(forward.error()).isTrue();
        assertThat(forward.bytesSent()).isEqualTo(limit);
        assertThat(forward.bytesReceived()).isEqualTo(limit);
        TestResult blocks = Client.run(client(s, Transport.AUTO).blocksLimit(100).blockSize(64 * 1024)
                .direction(Direction.REVERSE).build(), OutputFormat.NONE, System.out);
        assertThat(blocks.ok()).as(blocks.error()).isTrue();
        assertThat(blocks.bytesSent()).isEqualTo(100L * 64 * 1024);
        assertThat(blocks.bytesReceived()).isEqualTo(100L * 64 * 1024);
    }

    @Test
    void pacedStreamsStayNearTheirTargetRate() {
        Server s = startServer(Transport.AUTO);
        TestResult r = Client.run(client(s, Transport.AUTO).streams(2).bitrateBps(200_000_000L)
                .duration(Duration.ofSeconds(2)).build(), OutputFormat.NONE, System.out);
        assertThat(r.ok()).as(r.error()).isTrue();
        // 2 streams x 200 Mbit/s x ~2 s; pacing is plan-based, so the total cannot run far ahead of plan
        double bits = r.bytesSent() * 8.0;
        assertThat(bits).isLessThanOrEqualTo(2 * 200e6 * r.durationS() + 2 * 8.0 * 128 * 1024);
        assertThat(bits).isGreaterThan(0.5 * 2 * 200e6 * r.durationS());
    }

    @Test
    void twoTestsAtOnceOnOneServerBothSucceed() {
        Server s = startServer(Transport.AUTO);
        CompletableFuture<TestResult> a = Client.start(client(s, Transport.AUTO).streams(2).build(), OutputFormat.NONE, System.out);
        CompletableFuture<TestResult> b = Client.start(client(s, Transport.AUTO).direction(Direction.REVERSE).build(),
                OutputFormat.NONE, System.out);
        for (TestResult r : new TestResult[] {a.join(), b.join()}) {
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.bytesReceived()).isEqualTo(r.bytesSent()).isPositive();
        }
        Await.until(5000, "the server has ended both tests", () -> s.activeTests() == 0);
        assertThat(s.testsCompleted()).isEqualTo(2);
    }

    @Test
    void omittedWarmUpIsMarkedAndExcluded() {
        Server s = startServer(Transport.AUTO);
        TestResult r = Client.run(client(s, Transport.AUTO).omit(Duration.ofSeconds(1)).duration(Duration.ofSeconds(1))
                .build(), OutputFormat.NONE, System.out);
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.intervals()).anyMatch(i -> i.omitted()).anyMatch(i -> !i.omitted());
        long measured = r.intervals().stream().filter(i -> !i.omitted()).mapToLong(i -> i.sumBytes()).sum();
        assertThat(measured).isEqualTo(r.bytesSent());
        assertThat(r.durationS()).isBetween(0.9, 1.5);
    }

    @Test
    void jsonOutputHasIperf3Structure() throws Exception {
        Server s = startServer(Transport.AUTO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestResult r = Client.run(client(s, Transport.AUTO).streams(2).build(), OutputFormat.JSON,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(r.ok()).isTrue();
        JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(doc.has("start") && doc.has("intervals") && doc.has("end")).isTrue();
        assertThat(doc.at("/start/test_start/num_streams").intValue()).isEqualTo(2);
        assertThat(doc.at("/start/connected")).hasSize(2);
        assertThat(doc.at("/start/jloadgen/transport").textValue()).isNotEmpty();
        assertThat(doc.at("/end/sum_sent/bytes").longValue()).isEqualTo(r.bytesSent());
        assertThat(doc.at("/end/sum_received/bytes").longValue()).isEqualTo(r.bytesReceived());
        assertThat(doc.at("/end/streams")).hasSize(2);
        assertThat(doc.at("/end/cpu_utilization_percent").has("remote_total")).isTrue();
        // the whole host is busy at least as long as this process was: both count this test's CPU
        assertThat(doc.at("/end/jloadgen/host_cpu_busy_pct").doubleValue()).isPositive();
        assertThat(doc.at("/intervals/0/sum").has("bits_per_second")).isTrue();
    }

    @Test
    void textOutputHasIntervalSumAndSummaryLines() {
        Server s = startServer(Transport.AUTO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestResult r = Client.run(client(s, Transport.AUTO).streams(2).title("T1").build(), OutputFormat.TEXT,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(r.ok()).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("T1:  Connecting to host 127.0.0.1, port " + s.port())
                .containsPattern("\\[SUM\\]\\s+0\\.00-1\\.\\d\\d\\s+sec .* sender")
                .containsPattern("\\[SUM\\]\\s+0\\.00-1\\.\\d\\d\\s+sec .* receiver")
                .contains("iperf Done.");
        Await.until(5000, "the server logged the end", () -> serverLog.toString(StandardCharsets.UTF_8).contains("done"));
        assertThat(serverLog.toString(StandardCharsets.UTF_8)).contains("receiver");
    }

    @Test
    void refusedConnectionIsAClearFailure() {
        int port = io.jloadgen.testing.ExternalTool.freePort();
        TestResult r = Client.run(ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(1)).build(),
                OutputFormat.NONE, System.out);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).startsWith("unable to connect to server 127.0.0.1 port " + port);
    }
}
