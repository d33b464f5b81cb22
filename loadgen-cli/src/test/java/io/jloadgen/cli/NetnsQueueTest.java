package io.jloadgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.LatencyProbeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology of examples/netns-queue.toml ({@link QueueTopology}): the host, a router namespace shaping both
 * its egresses to 100 Mbit/s with tbf, and one guest namespace running {@code jloadgen server}. A 5 s cubic test
 * with the latency probe runs from the host, in either direction, while {@code ping} measures the same path.
 * A deep queue (2 MB, ~170 ms) makes the probe's median agree with ping's; a shallow one (32 KB, ~2.6 ms)
 * keeps it low. Needs root, iproute2 with tbf, and ping; skipped, saying so, without them.
 */
@Timeout(60)
class NetnsQueueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OMIT = Duration.ofSeconds(3); // cubic fills the deep queue in ~3 s
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Pattern PING_TIME = Pattern.compile("time=([0-9.]+) ms");

    private QueueTopology topology;

    @BeforeEach
    void usable() {
        QueueTopology.assumeUsable("NetnsQueueTest", "ping");
    }

    @AfterEach
    void tearDown() {
        if (topology != null) {
            topology.close();
        }
    }

    /** Host to guest the queue builds on the router's bridge, guest to host on its uplink: both shaped. */
    @ParameterizedTest
    @EnumSource(value = Direction.class, names = {"FORWARD", "REVERSE"})
    void deepQueueProbeAgreesWithPing(Direction direction) throws Exception {
        Measured m = measureThrough("2mb", direction);
        // 2 MB at 100 Mbit/s is 168 ms when full; below 50 ms the queue did not build and nothing is compared
        assertThat(m.pingMedianMs).as("ping median under load through the deep queue").isGreaterThan(50);
        assertThat(m.probeP50Ms).as("probe p50 against ping's median %.1f ms", m.pingMedianMs)
                .isBetween(m.pingMedianMs * 0.7, m.pingMedianMs * 1.3);
    }

    @Test
    void shallowQueueKeepsTheProbeLow() throws Exception {
        Measured m = measureThrough("32kb", Direction.FORWARD);
        assertThat(m.probeP50Ms).as("probe p50 through a 32 KB queue (ping median %.1f ms)", m.pingMedianMs).isLessThan(20);
    }

    private record Measured(double probeP50Ms, double pingMedianMs) {
    }

    private Measured measureThrough(String limit, Direction direction) throws Exception {
        topology = QueueTopology.start("NetnsQueueTest", "100mbit", limit);
        String guestAddress = topology.guestAddress();
        ClientConfig config = ClientConfig.builder(guestAddress).port(QueueTopology.PORT).duration(WINDOW).omit(OMIT).congestion("cubic")
                .direction(direction).build();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CompletableFuture<TestResult> test = Client.start(config, OutputFormat.TEXT,
                new PrintStream(text, true, StandardCharsets.UTF_8), false, LatencyProbeConfig.defaults());
        // ping inside the measured window, as the probe: from the last omitted interval's line (one per second)
        long omitted = OMIT.toSeconds();
        while (text.toString(StandardCharsets.UTF_8).lines().filter(l -> l.endsWith("(omitted)")).count() < omitted) {
            assertThat(test).as("test ended during the warm-up: %s", text).isNotDone();
            Thread.sleep(20);
        }
        QueueTopology.Outcome ping = QueueTopology.run(15, "ping", "-n", "-i", "0.2", "-w", "4", guestAddress);
        TestResult r = test.get(30, TimeUnit.SECONDS);

        assertThat(r.ok()).as("%s\nserver: %s", r.error(), topology.serverLog()).isTrue();
        // receiver side, through a 100 Mbit/s shaper: more would count bytes from outside the window
        assertThat(r.receiverGbps()).isGreaterThan(0).isLessThanOrEqualTo(0.1);
        JsonNode probe = JSON.readTree(r.json()).path("end").path("latency_probe");
        assertThat(probe.path("count").asLong()).as("probe round trips").isPositive();
        List<Double> pings = new ArrayList<>();
        Matcher t = PING_TIME.matcher(ping.out());
        while (t.find()) {
            pings.add(Double.parseDouble(t.group(1)));
        }
        assertThat(pings).as("ping: %s %s", ping.out(), ping.err()).hasSizeGreaterThanOrEqualTo(10);
        Measured m = new Measured(probe.path("rtt_us").path("p50").asDouble() / 1000, median(pings));
        System.out.printf("netns-queue, tbf limit %s, %s: probe p50 %.1f ms, ping median %.1f ms, %.1f Mbit/s%n",
                limit, direction, m.probeP50Ms, m.pingMedianMs, r.receiverGbps() * 1000);
        return m;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
