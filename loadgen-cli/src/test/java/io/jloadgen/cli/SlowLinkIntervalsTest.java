package io.jloadgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A sender's intervals on a slow link: two streams through a 20 Mbit/s tbf (examples/netns-queue.sh), so each
 * stream's share of a second (~1.2 MB) is below the 2 MiB by which Netty's write queue drains between its
 * watermarks. Counted when handed to Netty, such intervals came in lumps (0, 2 MiB, 0, ...) and read as stalls;
 * counted when the socket accepted them, as iperf3 counts a write, every full interval carries its share. The
 * intervals must still add up to the sender's total, although the last bytes leave the queue after the planned
 * end. Checked for the client sending (its -J output) and for the server sending (-R, its text output, which
 * the client fetches with --get-server-output). And the test ends on time: the queue the sender still holds at
 * the planned end is a moment of the link, not seconds. Needs root and iproute2 with tbf; skipped, saying so,
 * without.
 */
@Timeout(120)
class SlowLinkIntervalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WINDOW = Duration.ofSeconds(5);
    /** A full interval below this share of the stream's median interval rate is a lump's gap. */
    private static final double SHARE = 0.5;
    private static final Pattern TEXT_ROW = Pattern.compile(
            "^\\[\\s*(\\d+|SUM)]\\s+([0-9.]+)-([0-9.]+)\\s+sec\\s+([0-9.]+) (Bytes|KBytes|MBytes|GBytes)\\s.*?(sender|receiver)?$");

    private QueueTopology topology;

    @BeforeEach
    void usable() throws Exception {
        QueueTopology.assumeUsable("SlowLinkIntervalsTest");
        topology = QueueTopology.start("SlowLinkIntervalsTest", "20mbit", "256kb");
    }

    @AfterEach
    void tearDown() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void clientSendingIntervalsCarryTheirShareAndSumToTheTotal() throws Exception {
        JsonNode doc = run(Direction.FORWARD);
        Map<Integer, List<double[]>> perStream = new HashMap<>(); // id -> [seconds, bytes] per interval
        for (JsonNode interval : doc.path("intervals")) {
            for (JsonNode s : interval.path("streams")) {
                assertThat(s.path("sender").asBoolean()).isTrue();
                perStream.computeIfAbsent(s.path("socket").asInt(), k -> new ArrayList<>())
                        .add(new double[] {s.path("seconds").asDouble(), s.path("bytes").asDouble()});
            }
        }
        assertThat(perStream).hasSize(2);
        for (JsonNode s : doc.path("end").path("streams")) {
            int id = s.path("sender").path("socket").asInt();
            long total = s.path("sender").path("bytes").asLong();
            List<double[]> rows = perStream.get(id);
            assertThat((long) rows.stream().mapToDouble(r -> r[1]).sum())
                    .as("stream %d: its intervals %s add up to its sender total", id, describe(rows)).isEqualTo(total);
            assertEveryFullIntervalCarriesItsShare("client, stream " + id, rows);
        }
        long sumOfSums = 0;
        for (JsonNode interval : doc.path("intervals")) {
            sumOfSums += interval.path("sum").path("bytes").asLong();
        }
        assertThat(sumOfSums).isEqualTo(doc.path("end").path("sum_sent").path("bytes").asLong());
    }

    @Test
    void serverSendingIntervalsCarryTheirShareAndSumToTheTotal() throws Exception {
        JsonNode doc = run(Direction.REVERSE);
        String text = doc.path("server_output_text").asText();
        Map<String, List<double[]>> rows = new HashMap<>(); // id or SUM -> [seconds, bytes]
        Map<String, Double> senderTotals = new HashMap<>();
        for (String line : text.lines().toList()) {
            Matcher m = TEXT_ROW.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            double seconds = Double.parseDouble(m.group(3)) - Double.parseDouble(m.group(2));
            double bytes = Double.parseDouble(m.group(4)) * switch (m.group(5)) {
                case "KBytes" -> 1024.0;
                case "MBytes" -> 1024.0 * 1024;
                case "GBytes" -> 1024.0 * 1024 * 1024;
                default -> 1.0;
            };
            if ("sender".equals(m.group(6))) {
                senderTotals.put(m.group(1), bytes);
            } else if (m.group(6) == null) {
                rows.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new double[] {seconds, bytes});
            }
        }
        assertThat(rows).as("server output:\n%s", text).containsKey("SUM").hasSize(3);
        for (Map.Entry<String, List<double[]>> e : rows.entrySet()) {
            double sum = e.getValue().stream().mapToDouble(r -> r[1]).sum();
            // the text rounds each figure to three digits
            assertThat(sum).as("server, stream %s: intervals %s against its sender total\n%s", e.getKey(),
                    describe(e.getValue()), text).isCloseTo(senderTotals.get(e.getKey()), within(0.02 * sum));
            if (!e.getKey().equals("SUM")) {
                assertEveryFullIntervalCarriesItsShare("server, stream " + e.getKey(), e.getValue());
            }
        }
    }

    private JsonNode run(Direction direction) throws Exception {
        ClientConfig config = ClientConfig.builder(topology.guestAddress()).port(QueueTopology.PORT).streams(2)
                .duration(WINDOW).interval(Duration.ofSeconds(1)).direction(direction).getServerOutput(true).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestResult r = Client.start(config, OutputFormat.JSON, new PrintStream(out, true, StandardCharsets.UTF_8))
                .get(60, TimeUnit.SECONDS);
        assertThat(r.ok()).as("%s\nserver: %s", r.error(), topology.serverLog()).isTrue();
        System.out.printf("slow link, %s: sender %.1f Mbit/s over %.2f s, receiver %.1f Mbit/s over %.2f s%n",
                direction, r.senderGbps() * 1000, r.durationS(), r.receiverGbps() * 1000, r.receiverS());
        // What a sender queued beyond its socket leaves after the planned end: a queue of megabytes took
        // seconds of this link (8 s for a 5 s test); sized to the socket's rate, it takes a moment. What the
        // kernel's own send buffers hold (~0.7 s here) drains after it, as it does behind iperf3.
        assertThat(r.receiverS()).as("the receiver's window, against the planned %s", WINDOW)
                .isLessThan(WINDOW.toSeconds() + 1.5);
        return JSON.readTree(r.json());
    }

    /**
     * Every full interval after the first (the first also fills the socket buffer; a last one shorter than half
     * an interval is the flush's tail) carries at least {@link #SHARE} of the median of those intervals' rates.
     */
    private static void assertEveryFullIntervalCarriesItsShare(String what, List<double[]> rows) {
        assertThat(rows).as(what).hasSizeGreaterThanOrEqualTo((int) WINDOW.toSeconds());
        List<Double> rates = new ArrayList<>();
        for (double[] r : rows.subList(1, rows.size())) {
            if (r[0] >= 0.5) {
                rates.add(r[1] / r[0]);
            }
        }
        double median = rates.stream().sorted().toList().get(rates.size() / 2);
        assertThat(median).as("%s: median interval rate of %s", what, describe(rows)).isPositive();
        for (int i = 0; i < rates.size(); i++) {
            assertThat(rates.get(i)).as("%s: full interval %d after the first, of %s, against the median %.0f B/s",
                    what, i + 1, describe(rows), median).isGreaterThanOrEqualTo(SHARE * median);
        }
    }

    private static String describe(List<double[]> rows) {
        StringBuilder b = new StringBuilder();
        for (double[] r : rows) {
            b.append(String.format("[%.2f s: %.0f B] ", r[0], r[1]));
        }
        return b.toString();
    }
}
