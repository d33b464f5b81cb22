package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.ServerLimits;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * --max-duration, --max-streams and --max-bitrate: a client over a limit gets SERVER_ERROR with iperf3's
 * error code right after the parameter exchange, so the stock iperf3 client prints iperf3's own message;
 * a client within the limits runs as usual. The server logs one line per refusal.
 */
@Timeout(60)
class ServerLimitsTest {
    private static final ServerLimits LIMITS = new ServerLimits(Duration.ofSeconds(3), 4, 150_000_000L);

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Server server;

    @BeforeEach
    void start() {
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8)
                .withLimits(LIMITS), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private JsonNode iperf3(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()), "-J"));
        cmd.addAll(Arrays.asList(args));
        ExternalTool.Result r = ExternalTool.run(30, cmd.toArray(new String[0]));
        return new ObjectMapper().readTree(r.stdout());
    }

    /** iperf3 3.12 predates code 37 and prints its number; 3.18 and later print the sentence. */
    @ParameterizedTest(name = "iperf3 {0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "-t 5             | 37 | client's requested duration exceeds the server's maximum permitted limit",
            "-t 2 -O 2        | 37 | client's requested duration exceeds the server's maximum permitted limit",
            "-n 1M            | 37 | client's requested duration exceeds the server's maximum permitted limit",
            "-t 1 -P 5 -b 1M  | 6  | number of parallel streams too large",
            "-t 1 -P 2 -b 100M | 27 | total required bandwidth is larger than server limit",
            "-t 1 -P 1        | 27 | total required bandwidth is larger than server limit",
            "-t 1 -P 1 -b 80M --bidir | 27 | total required bandwidth is larger than server limit"})
    void stockIperf3OverALimitPrintsIperf3sError(String args, int code, String message) throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        JsonNode doc = iperf3(args.trim().split("\\s+"));
        String error = doc.path("error").asText();
        assertThat(error).as("iperf3's error; server log:\n%s", log())
                .satisfiesAnyOf(e -> assertThat(e).contains(message), e -> assertThat(e).contains("int_errno=" + code));
        Await.until(5000, "the server ended the refused test", () -> server.activeTests() == 0);
        assertThat(server.testsFailed()).isEqualTo(1);
        assertThat(server.testsCompleted()).isZero();
        assertThat(log().lines().filter(l -> l.contains("ended: over --max-"))).hasSize(1);
    }

    @Test
    void stockIperf3WithinEveryLimitRuns() throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        JsonNode doc = iperf3("-t", "1", "-P", "2", "-b", "50M");
        assertThat(doc.has("error")).as("%s\n%s", doc.path("error").asText(), log()).isFalse();
        assertThat(doc.at("/end/sum_received/bytes").longValue()).isEqualTo(doc.at("/end/sum_sent/bytes").longValue()).isPositive();
        Await.until(5000, "the server counted the test", () -> server.testsCompleted() == 1);
    }

    @Test
    void jloadgenClientOverALimitReportsTheServersReason() {
        ClientConfig over = ClientConfig.builder("127.0.0.1").port(server.port()).streams(2).bitrateBps(100_000_000L)
                .direction(Direction.REVERSE).duration(Duration.ofSeconds(1)).build();
        TestResult r = Client.run(over, OutputFormat.NONE, new PrintStream(OutputStream.nullOutputStream()));
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("total required bandwidth is larger than server limit");
        ClientConfig within = over.toBuilder().bitrateBps(50_000_000L).build();
        TestResult ok = Client.run(within, OutputFormat.NONE, new PrintStream(OutputStream.nullOutputStream()));
        assertThat(ok.ok()).as(ok.error()).isTrue();
        assertThat(ok.bytesReceived()).isEqualTo(ok.bytesSent()).isPositive();
        Await.until(5000, "both tests ended", () -> server.testsCompleted() + server.testsFailed() == 2);
        assertThat(log()).contains("over --max-bitrate 150000000 bit/s: asks for 200000000 bit/s in total");
    }
}
