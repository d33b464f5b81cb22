package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.LatencyProbeConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --latency-probe}: a bounceback connection beside a throughput test, against each kind of server. */
@Timeout(90)
class LatencyProbeTest {
    private static JsonNode json(TestResult r) throws Exception {
        return new ObjectMapper().readTree(r.json());
    }

    /** Checks the probe's figures and returns its total round trips. */
    private static long checkProbe(JsonNode doc) throws Exception {
        long intervalSum = 0;
        int measured = 0;
        double lastEnd = 0;
        for (JsonNode i : doc.path("intervals")) {
            if (i.at("/sum/omitted").asBoolean()) {
                assertThat(i.has("latency_probe")).as("no probe figures in the warm-up").isFalse();
                continue;
            }
            measured++;
            assertThat(i.has("latency_probe")).as(i.toString()).isTrue();
            intervalSum += i.at("/latency_probe/count").longValue();
            lastEnd = i.at("/latency_probe/end").doubleValue();
        }
        assertThat(measured).isPositive();
        JsonNode end = doc.at("/end/latency_probe");
        long count = end.path("count").longValue();
        // the window is the measured intervals: nothing from the drain and the results exchange after them
        assertThat(count).isPositive().isEqualTo(intervalSum);
        assertThat(end.path("seconds").doubleValue()).isEqualTo(lastEnd);
        assertThat(end.at("/rtt_us/p50").doubleValue()).isPositive();
        assertThat(end.at("/rtt_us/p50").doubleValue()).isLessThanOrEqualTo(end.at("/rtt_us/max").doubleValue());
        assertThat(end.has("error")).as(end.path("error").asText()).isFalse();
        Histogram h = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(end.path("hdr_histogram").asText())), 0);
        assertThat(h.getTotalCount()).isEqualTo(end.path("corrected_count").longValue());
        return count;
    }

    @Test
    void probeBesideAnIperf3TestAgainstJloadgenServer() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).streams(2)
                    .omit(Duration.ofSeconds(1)).duration(Duration.ofSeconds(2)).build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TestResult r = Client.start(config, OutputFormat.TEXT, new PrintStream(out, true, StandardCharsets.UTF_8),
                    false, LatencyProbeConfig.defaults()).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.bytesReceived()).isPositive(); // with -O the two ends' windows differ (not the probe's doing)
            checkProbe(json(r));
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("[PRB]").contains("(latency probe, measured window)");
            Await.until(5000, "the test and the probe ended", () -> server.activeTests() == 0);
            assertThat(server.testsCompleted()).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        }
    }

    @Test
    void probeBesideAnIperf2TestAgainstStockIperf2Server() throws Exception {
        ExternalTool.assumeInstalled("iperf");
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf = ExternalTool.Background.start("Server listening", 10,
                "iperf", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port))) {
            ExternalTool.awaitListening(port, 10_000); // iperf 2 may print its banner before it listens
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(2)).build();
            TestResult r = Client.startIperf2(config, OutputFormat.NONE, System.out, false,
                    new LatencyProbeConfig(Duration.ofMillis(5))).get();
            assertThat(r.ok()).as(r.error()).isTrue();
            checkProbe(json(r));
            Await.until(10_000, "iperf -s saw the probe", () -> iperf.output().contains("bb w/quickack len/hold=100/0"));
        }
    }

    @Test
    void stockIperf3ServerIsToldApartWithAClearMessage() throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(1))
                    .connectTimeout(Duration.ofSeconds(2)).build();
            TestResult r = Client.start(config, OutputFormat.JSON, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), false, LatencyProbeConfig.defaults()).get();
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).contains("the latency probe needs jloadgen server or iperf 2.1+")
                    .contains("a stock iperf3 server cannot");
            assertThat(json(r).path("error").asText()).isEqualTo(r.error());
            // the stock server is not left stuck: a plain test right after works
            Await.until(10_000, "iperf3 serves a plain test again", () ->
                    Client.run(config, OutputFormat.NONE, System.out).ok());
        }
    }
}
