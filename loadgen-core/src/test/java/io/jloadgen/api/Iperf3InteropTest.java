package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;
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
 * Stock iperf3 (the binary .ci/run installs) against jloadgen, both ways. Where stock iperf3 is the receiver
 * it does not drain in-flight data before reporting, so its count may trail the sender's by what was in
 * the socket buffers; where jloadgen receives, the totals agree exactly.
 */
@Timeout(90)
class Iperf3InteropTest {
    /** More than loopback's socket buffers can hold in flight (tcp_wmem max + tcp_rmem max, per stream). */
    private static final long IN_FLIGHT_BOUND = 64L * 1024 * 1024;

    @BeforeEach
    void needsIperf3() {
        ExternalTool.assumeInstalled("iperf3");
    }

    @ParameterizedTest(name = "iperf3 -c {0} -P {1} against jloadgen server")
    @CsvSource({"forward,1", "reverse,1", "forward,4", "reverse,4"})
    void stockIperf3ClientAgainstJloadgenServer(String direction, int streams) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                    "-t", "1", "-P", String.valueOf(streams), "-J"));
            if (direction.equals("reverse")) {
                cmd.add("-R");
            }
            ExternalTool.Result r = ExternalTool.run(40, cmd.toArray(new String[0]));
            JsonNode doc = new ObjectMapper().readTree(r.stdout());
            assertThat(doc.has("error")).as("iperf3 reported: %s\nserver log:\n%s", doc.path("error").asText(), log).isFalse();
            assertThat(r.exitCode()).isZero();
            long sent = doc.at("/end/sum_sent/bytes").longValue();
            long received = doc.at("/end/sum_received/bytes").longValue();
            assertThat(doc.at("/end/streams")).hasSize(streams);
            assertThat(sent).isPositive();
            if (direction.equals("forward")) {
                assertThat(received).as("jloadgen server drains before reporting").isEqualTo(sent);
            } else {
                assertThat(received).isPositive().isLessThanOrEqualTo(sent);
                assertThat(sent - received).isLessThanOrEqualTo(IN_FLIGHT_BOUND * streams);
            }
            Await.until(5000, "the server has ended the test", () -> server.activeTests() == 0);
            assertThat(server.testsCompleted()).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(1);
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("receiver");
        }
    }

    @ParameterizedTest(name = "jloadgen client {0} -P {1} against iperf3 -s")
    @CsvSource({"FORWARD,1", "REVERSE,1", "FORWARD,4", "REVERSE,4"})
    void jloadgenClientAgainstStockIperf3Server(Direction direction, int streams) {
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(port).streams(streams).direction(direction)
                    .duration(Duration.ofSeconds(1)).build();
            TestResult r = Client.run(config, OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s\niperf3 said:\n%s", r.error(), iperf3.output()).isTrue();
            assertThat(r.bytesSent()).isPositive();
            if (direction == Direction.REVERSE) {
                assertThat(r.bytesReceived()).as("jloadgen drains before reporting").isEqualTo(r.bytesSent());
            } else {
                assertThat(r.bytesReceived()).isPositive().isLessThanOrEqualTo(r.bytesSent());
                assertThat(r.bytesSent() - r.bytesReceived()).isLessThanOrEqualTo(IN_FLIGHT_BOUND * streams);
            }
            assertThat(r.intervals()).isNotEmpty();
            assertThat(iperf3.output()).doesNotContain("error");
        }
    }

    @Test
    void busyStockServerIsReportedAsBusy() {
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(3))
                    .bitrateBps(10_000_000).build();
            var first = Client.start(config, OutputFormat.NONE, System.out);
            Await.until(5000, "iperf3 accepted the first test", () -> iperf3.output().contains("Accepted connection"));
            TestResult second = Client.run(config.toBuilder().duration(Duration.ofSeconds(1)).build(), OutputFormat.NONE, System.out);
            assertThat(second.ok()).isFalse();
            assertThat(second.error()).isEqualTo("the server is busy running a test. try again later");
            assertThat(first.join().ok()).isTrue();
        }
    }
}
