package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * jloadgen's {@code -J} document against documents captured from {@code iperf3 -c 127.0.0.1 -J} 3.12 (in
 * src/test/resources/iperf3-3.12/): every key path iperf3 emits (arrays as [*]) must be there, with the same
 * JSON type, and the figures that must agree by meaning (bytes add up, seconds are seconds, percent is
 * percent) are checked on the jloadgen document.
 */
@Timeout(60)
class JsonFidelityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Server server;

    @BeforeAll
    static void start() {
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "tcp.json, TCP, FORWARD",
            "bidir.json, TCP, BIDIR",
            "udp.json, UDP, FORWARD",
            "udp-reverse.json, UDP, REVERSE"})
    void everyKeyIperf3EmitsIsThereWithTheSameType(String captured, String protocol, Direction direction) throws Exception {
        // TCP_INFO keys (retransmits, cwnd, rtt) need a native transport, as iperf3 needs Linux
        assumeTrue(NettyTransport.resolve(Transport.AUTO).isNative(), "TCP_INFO needs the epoll transport");
        JsonNode reference;
        try (InputStream in = getClass().getResourceAsStream("/iperf3-3.12/" + captured)) {
            reference = MAPPER.readTree(in);
        }
        ClientConfig.Builder b = ClientConfig.builder("127.0.0.1").port(server.port()).duration(Duration.ofSeconds(2))
                .direction(direction);
        if (protocol.equals("UDP")) {
            b.udp(true).bitrateBps(10_000_000);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestResult r = Client.run(b.build(), OutputFormat.JSON, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(r.ok()).as(r.error()).isTrue();
        JsonNode ours = MAPPER.readTree(out.toString(StandardCharsets.UTF_8));

        Map<String, String> theirs = keyTypes(reference);
        Map<String, String> mine = keyTypes(ours);
        Set<String> missing = new TreeSet<>(theirs.keySet());
        missing.removeAll(mine.keySet());
        assertThat(missing).as("keys iperf3 3.12 emits that jloadgen's document lacks (%s)", captured).isEmpty();
        Set<String> wrongType = new TreeSet<>();
        theirs.forEach((path, type) -> {
            if (!type.equals(mine.get(path))) {
                wrongType.add(path + ": iperf3 " + type + ", jloadgen " + mine.get(path));
            }
        });
        assertThat(wrongType).as("keys with another JSON type (%s)", captured).isEmpty();

        // same meanings and units: seconds are the interval lengths, bits/s is bytes * 8 / seconds, sums add up
        for (JsonNode interval : ours.get("intervals")) {
            JsonNode sum = interval.get("sum");
            assertThat(sum.get("seconds").doubleValue())
                    .isCloseTo(sum.get("end").doubleValue() - sum.get("start").doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
            if (sum.get("seconds").doubleValue() > 0) {
                assertThat(sum.get("bits_per_second").doubleValue()).isCloseTo(
                        sum.get("bytes").longValue() * 8 / sum.get("seconds").doubleValue(),
                        org.assertj.core.data.Percentage.withPercentage(1e-6));
            }
            long streamBytes = 0;
            for (JsonNode s : interval.get("streams")) {
                if (s.get("sender").booleanValue() == sum.get("sender").booleanValue()) {
                    streamBytes += s.get("bytes").longValue();
                }
            }
            assertThat(sum.get("bytes").longValue()).isEqualTo(streamBytes);
        }
        JsonNode end = ours.get("end");
        assertThat(end.at("/sum_sent/bytes").longValue()).isEqualTo(r.bytesSent());
        assertThat(end.at("/cpu_utilization_percent/host_total").doubleValue()).isBetween(0.0, 100.0 * Runtime.getRuntime().availableProcessors());
        if (protocol.equals("UDP")) {
            JsonNode sum = end.get("sum");
            long packets = sum.get("packets").longValue();
            assertThat(sum.get("lost_percent").doubleValue())
                    .isEqualTo(packets == 0 ? 0 : 100.0 * sum.get("lost_packets").longValue() / packets);
            assertThat(sum.get("jitter_ms").doubleValue()).as("milliseconds, not seconds").isLessThan(1000);
            assertThat(end.at("/sum_sent/bytes").longValue()).isEqualTo(end.at("/sum_sent/packets").longValue()
                    * ours.at("/start/test_start/blksize").longValue());
        }
    }

    /** Every key path of a document with its JSON type; array elements merge under [*]. */
    static Map<String, String> keyTypes(JsonNode doc) {
        Map<String, String> out = new TreeMap<>();
        collect(doc, "", out);
        return out;
    }

    private static void collect(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.put(p, type(e.getValue()));
                collect(e.getValue(), p, out);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, path + "[*]", out);
            }
        }
    }

    /** JSON types as a reader sees them: iperf3 prints whole numbers without a fraction, so all numbers are "number". */
    private static String type(JsonNode n) {
        return n.isNumber() ? "number" : n.isTextual() ? "string" : n.isBoolean() ? "boolean"
                : n.isObject() ? "object" : n.isArray() ? "array" : "null";
    }
}
