package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;
import io.jloadgen.testing.KernelUdpCounters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UDP and --bidir against the real iperf3 binary (3.12 in CI), in both roles. Where jloadgen receives TCP it
 * drains, so totals agree exactly; where stock iperf3 receives TCP it may trail the sender by what was in
 * flight. UDP counts are exact unless the kernel dropped datagrams, and never lose more than it dropped.
 */
@Timeout(90)
class ParityInteropTest {
    private static final long IN_FLIGHT_BOUND = 64L * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @BeforeEach
    void needsIperf3() {
        ExternalTool.assumeInstalled("iperf3");
    }

    private static Server jloadgenServer(ByteArrayOutputStream log) {
        return Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static JsonNode runIperf3(String... args) throws Exception {
        ExternalTool.Result r = ExternalTool.run(40, args);
        JsonNode doc = MAPPER.readTree(r.stdout());
        assertThat(doc.has("error")).as("iperf3 reported: %s", doc.path("error").asText()).isFalse();
        assertThat(r.exitCode()).isZero();
        return doc;
    }

    @ParameterizedTest(name = "iperf3 -c -u {0} -P {1} against jloadgen server")
    @CsvSource({"forward,1", "reverse,2"})
    void stockIperf3UdpClientAgainstJloadgenServer(String direction, int streams) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = jloadgenServer(log)) {
            List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                    "-u", "-b", "20M", "-l", "1400", "-t", "1", "-P", String.valueOf(streams), "-J"));
            if (direction.equals("reverse")) {
                cmd.add("-R");
            }
            KernelUdpCounters before = KernelUdpCounters.read();
            JsonNode end = runIperf3(cmd.toArray(new String[0])).get("end");
            long dropped = KernelUdpCounters.read().droppedSince(before);
            long sent = end.at("/sum_sent/packets").longValue();
            long received = end.at("/sum_received/bytes").longValue() / 1400;
            assertThat(sent).isPositive();
            assertThat(end.at("/sum_sent/bytes").longValue()).isEqualTo(sent * 1400);
            assertThat(end.at("/streams")).hasSize(streams);
            // iperf3 counts only until it sends TEST_END; when it receives (-R), datagrams the server sent
            // until that message reached it arrive uncounted: at 20 Mbit/s, 100 ms of them per stream at most
            long late = direction.equals("reverse") ? streams * 20_000_000L / 8 / 1400 / 10 : 0;
            assertThat(sent - received).as("missing datagrams vs kernel drops").isBetween(0L, dropped + late);
            assertThat(end.at("/sum_received/lost_packets").longValue()).isLessThanOrEqualTo(dropped);
            if (dropped == 0 && late == 0) {
                assertThat(end.at("/sum_received/packets").longValue()).isEqualTo(sent);
            }
            Await.until(5000, "the server has ended the test", () -> server.activeTests() == 0);
            assertThat(server.testsCompleted()).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "jloadgen client -u {0} against iperf3 -s")
    @CsvSource({"FORWARD", "REVERSE"})
    void jloadgenUdpClientAgainstStockIperf3Server(Direction direction) throws Exception {
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            KernelUdpCounters before = KernelUdpCounters.read();
            TestResult r = Client.run(ClientConfig.builder("127.0.0.1").port(port).udp(true).bitrateBps(20_000_000)
                    .blockSize(1400).streams(2).direction(direction).duration(Duration.ofSeconds(1)).build(),
                    OutputFormat.NONE, System.out);
            long dropped = KernelUdpCounters.read().droppedSince(before);
            assertThat(r.ok()).as("%s\niperf3 said:\n%s", r.error(), iperf3.output()).isTrue();
            JsonNode end = MAPPER.readTree(r.json()).get("end");
            long sent = end.at("/sum_sent/packets").longValue();
            long received = end.at("/sum_received/bytes").longValue() / 1400;
            assertThat(sent).isPositive();
            assertThat(sent - received).as("missing datagrams vs kernel drops").isBetween(0L, dropped);
            if (dropped == 0) {
                assertThat(end.at("/sum_received/lost_packets").longValue()).isZero();
                assertThat(end.at("/sum_received/packets").longValue()).isEqualTo(sent);
            }
            assertThat(iperf3.output()).doesNotContain("error");
        }
    }

    /** The issue's "-n 1G transfers exactly that many bytes", with stock iperf3 at the other end, both roles. */
    @ParameterizedTest(name = "-n 1G {0}, jloadgen as {1}")
    @CsvSource({"forward,client", "reverse,client", "forward,server", "reverse,server"})
    void oneGibibyteByteLimitIsExact(String direction, String jloadgenRole) throws Exception {
        long gib = 1L << 30;
        if (jloadgenRole.equals("client")) {
            int port = ExternalTool.freePort();
            try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
                TestResult r = Client.run(ClientConfig.builder("127.0.0.1").port(port).bytesLimit(gib)
                        .direction(direction.equals("reverse") ? Direction.REVERSE : Direction.FORWARD).build(),
                        OutputFormat.NONE, System.out);
                assertThat(r.ok()).as("%s\n%s", r.error(), iperf3.output()).isTrue();
                assertThat(r.bytesSent()).isEqualTo(gib);
                if (direction.equals("reverse")) {
                    assertThat(r.bytesReceived()).as("jloadgen drains").isEqualTo(gib);
                }
            }
            return;
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = jloadgenServer(log)) {
            List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                    "-n", "1G", "-J"));
            if (direction.equals("reverse")) {
                cmd.add("-R");
            }
            JsonNode end = runIperf3(cmd.toArray(new String[0])).get("end");
            assertThat(end.at("/sum_sent/bytes").longValue()).isEqualTo(gib);
            if (direction.equals("forward")) {
                assertThat(end.at("/sum_received/bytes").longValue()).as("jloadgen drains").isEqualTo(gib);
            }
        }
    }

    @Test
    void stockIperf3BidirClientAgainstJloadgenServer() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = jloadgenServer(log)) {
            JsonNode doc;
            try {
                doc = runIperf3("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()), "--bidir",
                        "-t", "1", "-P", "2", "-J");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nserver log:\n" + log.toString(StandardCharsets.UTF_8), e);
            }
            JsonNode end = doc.get("end");
            // client to server: jloadgen receives and drains, so it counted every byte iperf3 sent
            assertThat(end.at("/sum_sent/bytes").longValue()).isPositive()
                    .isEqualTo(end.at("/sum_received/bytes").longValue());
            // server to client: iperf3 receives without draining
            long reverseSent = end.at("/sum_sent_bidir_reverse/bytes").longValue();
            long reverseReceived = end.at("/sum_received_bidir_reverse/bytes").longValue();
            assertThat(reverseReceived).isPositive().isLessThanOrEqualTo(reverseSent);
            assertThat(reverseSent - reverseReceived).isLessThanOrEqualTo(2 * IN_FLIGHT_BOUND);
            assertThat(end.at("/streams")).hasSize(4);
            Await.until(5000, "the server has ended the test", () -> server.activeTests() == 0);
            assertThat(server.testsCompleted()).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(1);
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("][TX-S]").contains("][RX-S]");
        }
    }

    @Test
    void jloadgenBidirClientAgainstStockIperf3Server() throws Exception {
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            TestResult r = Client.run(ClientConfig.builder("127.0.0.1").port(port).streams(2).direction(Direction.BIDIR)
                    .duration(Duration.ofSeconds(1)).getServerOutput(true).build(), OutputFormat.TEXT,
                    new PrintStream(text, true, StandardCharsets.UTF_8));
            assertThat(r.ok()).as("%s\niperf3 said:\n%s", r.error(), iperf3.output()).isTrue();
            JsonNode end = MAPPER.readTree(r.json()).get("end");
            // per stream, the ids of both ends match: each stream's sender and receiver counts are its own
            for (JsonNode s : end.get("streams")) {
                long sent = s.at("/sender/bytes").longValue();
                long received = s.at("/receiver/bytes").longValue();
                assertThat(received).as("stream %s", s.at("/sender/socket")).isPositive().isLessThanOrEqualTo(sent);
                assertThat(sent - received).isLessThanOrEqualTo(IN_FLIGHT_BOUND);
            }
            // server to client: jloadgen receives and drains, so its count is iperf3's
            assertThat(end.at("/sum_received_bidir_reverse/bytes").longValue()).isPositive()
                    .isEqualTo(end.at("/sum_sent_bidir_reverse/bytes").longValue());
            assertThat(r.bytesSent()).isEqualTo(end.at("/sum_sent/bytes").longValue());
            String out = text.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("[ ID][Role] Interval").containsPattern("\\[SUM\\]\\[TX-C\\].*sender")
                    .containsPattern("\\[SUM\\]\\[RX-C\\].*receiver")
                    .contains("Server output:").contains("[RX-S]").contains("[TX-S]");
        }
    }

    @Test
    void jloadgenUdpBidirAgainstStockIperf3ServerCountsBothWays() throws Exception {
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            TestResult r = Client.run(ClientConfig.builder("127.0.0.1").port(port).udp(true).bitrateBps(10_000_000)
                    .blockSize(1400).direction(Direction.BIDIR).duration(Duration.ofSeconds(1)).build(),
                    OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s\niperf3 said:\n%s", r.error(), iperf3.output()).isTrue();
            JsonNode end = MAPPER.readTree(r.json()).get("end");
            assertThat(end.at("/sum_sent/packets").longValue()).isPositive();
            assertThat(end.at("/sum_received/packets").longValue()).isPositive();
            assertThat(end.at("/sum_sent_bidir_reverse/packets").longValue()).isPositive();
            assertThat(end.at("/sum_received_bidir_reverse/packets").longValue()).isPositive();
        }
    }
}
