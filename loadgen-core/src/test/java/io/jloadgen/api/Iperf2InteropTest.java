package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real iperf 2.1 binary (Debian's {@code iperf}, which .ci/run installs) against jloadgen, both ways:
 * plain TCP tests and bounceback. Byte totals are compared exactly where iperf 2 prints them exactly
 * ({@code -y C}); bounceback counts are compared with what the other end echoed or measured.
 */
@Timeout(90)
class Iperf2InteropTest {
    private static final Pattern SERVER_TOTAL = Pattern.compile("iperf 2 client\\): done, (\\d+) streams?, (\\d+) bytes received");
    private static final Pattern ECHOED = Pattern.compile("bounceback done; (\\d+) requests of (\\d+) bytes echoed");

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void needsIperf() {
        ExternalTool.assumeInstalled("iperf");
    }

    private Server jloadgenServer() {
        return Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** Bytes of each stream from iperf 2's CSV lines (the last field but one is bytes; [SUM] lines have id -1). */
    private static List<Long> csvBytes(String csv) {
        List<Long> bytes = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length == 9 && !f[5].startsWith("-")) {
                bytes.add(Long.parseLong(f[7]));
            }
        }
        return bytes;
    }

    @ParameterizedTest(name = "iperf -c -P {0} {1} against jloadgen server")
    @CsvSource({"1,-y C", "3,-y C", "1,-e", "2,-e"})
    void stockIperf2ClientAgainstJloadgenServer(int streams, String mode) {
        try (Server server = jloadgenServer()) {
            List<String> cmd = new ArrayList<>(List.of("iperf", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                    "-t", "1", "-P", String.valueOf(streams)));
            cmd.addAll(List.of(mode.split(" ")));
            ExternalTool.Result r = ExternalTool.run(40, cmd.toArray(new String[0]));
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
            Await.until(10_000, "the server summarised the test", () -> SERVER_TOTAL.matcher(log()).find());
            Matcher m = SERVER_TOTAL.matcher(log());
            assertThat(m.find()).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(log()).isEqualTo(streams);
            long received = Long.parseLong(m.group(2));
            if (mode.equals("-y C")) {
                List<Long> sent = csvBytes(r.stdout());
                assertThat(sent).as(r.stdout()).hasSize(streams);
                assertThat(received).as("jloadgen counts every byte iperf 2 wrote, header included")
                        .isEqualTo(sent.stream().mapToLong(Long::longValue).sum());
            } else {
                assertThat(received).isPositive();
                assertThat(r.stdout()).contains("connected with 127.0.0.1 port " + server.port());
            }
            assertThat(log()).contains("receiver").contains("(not reported by the iperf 2 peer)");
            if (streams > 1) {
                assertThat(log()).contains("[SUM]");
            }
            Await.until(5000, "the test has ended", () -> server.activeTests() == 0);
            assertThat(server.testsCompleted()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "jloadgen client --iperf2 -P {0} against iperf -s")
    @CsvSource({"1", "3"})
    void jloadgenClientAgainstStockIperf2Server(int streams) throws Exception {
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf = ExternalTool.Background.start(null, 10,
                "iperf", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port), "-y", "C")) {
            ExternalTool.awaitListening(port, 10_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(port).streams(streams)
                    .duration(Duration.ofSeconds(1)).build();
            TestResult r = Client.startIperf2(config, OutputFormat.JSON, new PrintStream(out, true, StandardCharsets.UTF_8),
                    false).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.bytesReceived()).isEqualTo(-1);
            assertThat(r.receiverGbps()).isNaN();
            JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
            assertThat(doc.at("/end/sum_received/bytes").isNull()).isTrue();
            assertThat(doc.at("/end/sum_received/reported").asBoolean(true)).isFalse();
            assertThat(doc.at("/end/streams")).hasSize(streams);
            assertThat(doc.at("/end/sum_sent/bytes").longValue()).isEqualTo(r.bytesSent());
            Await.until(10_000, "iperf -s reported every stream", () -> csvBytes(iperf.output()).size() == streams);
            long iperfReceived = csvBytes(iperf.output()).stream().mapToLong(Long::longValue).sum();
            assertThat(iperfReceived).as("iperf 2 received what we sent, header included").isEqualTo(r.bytesSent());
        }
    }

    @Test
    void jloadgenBouncebackAgainstStockIperf2Server() throws Exception {
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf = ExternalTool.Background.start("Server listening", 10,
                "iperf", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port))) {
            ExternalTool.awaitListening(port, 10_000); // iperf 2 may print its banner before it listens
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(port).streams(2).blockSize(100)
                    .duration(Duration.ofSeconds(2)).build();
            TestResult r = Client.startBounceback(config, new BouncebackConfig(Duration.ofMillis(5), Duration.ZERO, true),
                    OutputFormat.JSON, new PrintStream(out, true, StandardCharsets.UTF_8)).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
            checkBouncebackDocument(doc, r);
            Await.until(10_000, "iperf -s saw both bounceback connections",
                    () -> iperf.output().split("bb w/quickack len/hold=100/0", -1).length == 3);
        }
    }

    @Test
    void busyPollingBouncebackAgainstStockIperf2Server() throws Exception {
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf = ExternalTool.Background.start("Server listening", 10,
                "iperf", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port))) {
            ExternalTool.awaitListening(port, 10_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(port).streams(1).blockSize(100)
                    .duration(Duration.ofSeconds(1)).build();
            TestResult r = Client.startBounceback(config, new BouncebackConfig(Duration.ZERO, Duration.ZERO, true,
                    Duration.ofNanos(100_000)), OutputFormat.JSON, new PrintStream(out, true, StandardCharsets.UTF_8)).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
            checkBouncebackDocument(doc, r);
            assertThat(doc.at("/start/test_start/busy_poll_us").asLong()).isEqualTo(100);
        }
    }

    @Test
    void stockIperf2BouncebackAgainstJloadgenServer() {
        try (Server server = jloadgenServer()) {
            ExternalTool.Result r = ExternalTool.run(40, "iperf", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                    "-t", "2", "--bounceback", "--bounceback-period", "0", "--bounceback-hold", "1", "-l", "200");
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
            // the final line: [  1] 0.0000-2.00xx sec ... <count>=<avg>/<min>/<max>/<stdev> ms
            Matcher bb = Pattern.compile("0\\.0000-\\d+\\.\\d+ sec .* (\\d+)=([\\d.]+)/([\\d.]+)/").matcher(r.stdout());
            String last = null;
            String minMs = null;
            while (bb.find()) {
                last = bb.group(1);
                minMs = bb.group(3);
            }
            assertThat(last).as(r.stdout()).isNotNull();
            assertThat(Double.parseDouble(minMs)).as("each reply was held 1 ms").isGreaterThanOrEqualTo(1.0);
            Await.until(10_000, "the server logged the echo count", () -> ECHOED.matcher(log()).find());
            Matcher m = ECHOED.matcher(log());
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).as(r.stdout()).isEqualTo(last);
            assertThat(m.group(2)).isEqualTo("200");
            assertThat(log()).contains("bounceback client, 200-byte requests, hold 1000 us, quickack");
            Await.until(5000, "the test has ended", () -> server.activeTests() == 0);
            assertThat(server.testsCompleted()).isEqualTo(1);
        }
    }

    @Test
    void jloadgenBouncebackAgainstJloadgenServer() throws Exception {
        try (Server server = jloadgenServer()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).streams(2).blockSize(100)
                    .duration(Duration.ofSeconds(1)).interval(Duration.ofMillis(500)).build();
            TestResult r = Client.startBounceback(config, BouncebackConfig.defaults(), OutputFormat.JSON,
                    new PrintStream(out, true, StandardCharsets.UTF_8)).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            JsonNode doc = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
            checkBouncebackDocument(doc, r);
            Await.until(5000, "both connections ended", () -> server.activeTests() == 0);
            long echoed = 0;
            Matcher m = ECHOED.matcher(log());
            while (m.find()) {
                echoed += Long.parseLong(m.group(1));
            }
            assertThat(echoed).as("every request was answered and counted once").isEqualTo(doc.at("/end/bounceback/count").longValue());
            assertThat(server.testsCompleted()).isEqualTo(2);
        }
    }

    @Test
    void jloadgenIperf2ClientAgainstJloadgenServerAgreeExactly() throws Exception {
        try (Server server = jloadgenServer()) {
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).streams(2)
                    .duration(Duration.ofSeconds(1)).build();
            TestResult r = Client.startIperf2(config, OutputFormat.NONE, System.out, false).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            Await.until(10_000, "the server summarised the test", () -> SERVER_TOTAL.matcher(log()).find());
            Matcher m = SERVER_TOTAL.matcher(log());
            assertThat(m.find()).isTrue();
            assertThat(m.group(1)).isEqualTo("2");
            assertThat(Long.parseLong(m.group(2))).isEqualTo(r.bytesSent());
        }
    }

    private static void checkBouncebackDocument(JsonNode doc, TestResult r) throws Exception {
        JsonNode end = doc.at("/end/bounceback");
        long count = end.path("count").longValue();
        assertThat(count).isPositive();
        assertThat(r.bytesSent()).isEqualTo(count * 100);
        assertThat(end.path("transactions_per_second").doubleValue()).isPositive();
        JsonNode rtt = end.path("rtt_us");
        assertThat(rtt.path("min").doubleValue()).isPositive();
        assertThat(rtt.path("min").doubleValue()).isLessThanOrEqualTo(rtt.path("p50").doubleValue());
        assertThat(rtt.path("p50").doubleValue()).isLessThanOrEqualTo(rtt.path("p90").doubleValue());
        assertThat(rtt.path("p90").doubleValue()).isLessThanOrEqualTo(rtt.path("p99").doubleValue());
        assertThat(rtt.path("p99").doubleValue()).isLessThanOrEqualTo(rtt.path("p99_9").doubleValue());
        assertThat(rtt.path("p99_9").doubleValue()).isLessThanOrEqualTo(rtt.path("max").doubleValue());
        assertThat(rtt.has("mean")).isTrue();
        assertThat(rtt.has("stdev")).isTrue();
        long intervalSum = 0;
        for (JsonNode i : doc.path("intervals")) {
            intervalSum += i.at("/bounceback/count").longValue();
        }
        assertThat(intervalSum).as("intervals add up to the total").isEqualTo(count);
        Histogram h = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(end.path("hdr_histogram").asText())), 0);
        assertThat(h.getTotalCount()).isEqualTo(end.path("corrected_count").longValue());
        assertThat(h.getTotalCount()).isGreaterThanOrEqualTo(count);
    }
}
