package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** iperf3's client options beyond the basics, over real sockets: -Z, --cport, -4/-6, --json-stream, --rcv-timeout, --get-server-output. */
@Timeout(60)
class ClientOptionsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Server start(String bind) {
        server = Server.start(new ServerConfig(bind, 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(serverLog, true, StandardCharsets.UTF_8));
        return server;
    }

    private ClientConfig.Builder client(String host) {
        return ClientConfig.builder(host).port(server.port()).duration(Duration.ofSeconds(1));
    }

    @Test
    void zeroCopySendsExactlyTheBytesAskedForAndTheyAllArrive() {
        start("127.0.0.1");
        long limit = 20L * 1024 * 1024 + 777;
        TestResult r = Client.run(client("127.0.0.1").zeroCopy(true).streams(2).bytesLimit(limit).build(),
                OutputFormat.NONE, System.out);
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.bytesSent()).isEqualTo(limit);
        assertThat(r.bytesReceived()).isEqualTo(limit);
        TestResult timed = Client.run(client("127.0.0.1").zeroCopy(true).build(), OutputFormat.NONE, System.out);
        assertThat(timed.ok()).as(timed.error()).isTrue();
        assertThat(timed.bytesReceived()).isPositive().isEqualTo(timed.bytesSent());
    }

    @Test
    void zeroCopyAgainstStockIperf3Server() {
        ExternalTool.assumeInstalled("iperf3");
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            long limit = 10L * 1024 * 1024;
            TestResult r = Client.run(ClientConfig.builder("127.0.0.1").port(port).zeroCopy(true).bytesLimit(limit).build(),
                    OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s\n%s", r.error(), iperf3.output()).isTrue();
            assertThat(r.bytesSent()).isEqualTo(limit);
        }
    }

    @Test
    void titleAndExtraDataTopTheJsonDocumentAsIperf3s() throws Exception {
        start("127.0.0.1");
        TestResult r = Client.run(client("127.0.0.1").title("t1").extraData("run=7 kernel=plain").build(),
                OutputFormat.NONE, System.out);
        assertThat(r.ok()).as(r.error()).isTrue();
        JsonNode doc = MAPPER.readTree(r.json());
        assertThat(doc.path("title").asText()).isEqualTo("t1");
        assertThat(doc.path("extra_data").asText()).isEqualTo("run=7 kernel=plain");
        List<String> keys = new ArrayList<>();
        doc.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsSubsequence("start", "intervals", "end", "title", "extra_data");

        ExternalTool.assumeInstalled("iperf3");
        ExternalTool.Result stock = ExternalTool.run(20, "iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-t", "1", "--extra-data", "from iperf3", "-J");
        assertThat(stock.exitCode()).as(stock.stdout() + stock.stderr() + serverLog).isZero();
        assertThat(MAPPER.readTree(stock.stdout()).path("extra_data").asText()).isEqualTo("from iperf3");
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            TestResult toStock = Client.run(ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(1))
                    .extraData("to iperf3").build(), OutputFormat.NONE, System.out);
            assertThat(toStock.ok()).as("%s\n%s", toStock.error(), iperf3.output()).isTrue();
        }
    }

    @Test
    void clientPortBindsEachStreamToTheNextPort() throws Exception {
        start("127.0.0.1");
        int base = freePortRun(4);
        TestResult r = Client.run(client("127.0.0.1").clientPort(base).streams(2).direction(Direction.BIDIR).build(),
                OutputFormat.NONE, System.out);
        assertThat(r.ok()).as(r.error()).isTrue();
        List<Integer> ports = new ArrayList<>();
        for (JsonNode c : MAPPER.readTree(r.json()).at("/start/connected")) {
            ports.add(c.get("local_port").intValue());
        }
        assertThat(ports).containsExactly(base, base + 1, base + 2, base + 3);
        int udpBase = freePortRun(2);
        TestResult udp = Client.run(client("127.0.0.1").udp(true).clientPort(udpBase).streams(2).build(),
                OutputFormat.NONE, System.out);
        assertThat(udp.ok()).as(udp.error()).isTrue();
        assertThat(MAPPER.readTree(udp.json()).at("/start/connected/1/local_port").intValue()).isEqualTo(udpBase + 1);
    }

    @Test
    void ipv6OverLoopback() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        start("::1");
        for (boolean udp : new boolean[] {false, true}) {
            TestResult r = Client.run(client("::1").udp(udp).ipVersion(6).build(), OutputFormat.NONE, System.out);
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.bytesReceived()).isPositive();
            assertThat(MAPPER.readTree(r.json()).at("/start/connected/0/remote_host").textValue()).isIn("::1", "0:0:0:0:0:0:0:1");
        }
        TestResult wrongFamily = Client.run(client("::1").ipVersion(4).build(), OutputFormat.NONE, System.out);
        assertThat(wrongFamily.ok()).isFalse();
        assertThat(wrongFamily.error()).contains("no IPv4 address");
    }

    @Test
    void jsonStreamPrintsOneObjectPerLinePerEvent() throws Exception {
        start("127.0.0.1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestResult r = Client.run(client("127.0.0.1").interval(Duration.ofMillis(250)).build(), OutputFormat.JSON_STREAM,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(r.ok()).as(r.error()).isTrue();
        List<String> events = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode e = MAPPER.readTree(line);
            events.add(e.get("event").textValue());
            assertThat(e.get("data")).isNotNull();
        }
        assertThat(events.get(0)).isEqualTo("start");
        assertThat(events.get(events.size() - 1)).isEqualTo("end");
        assertThat(events.subList(1, events.size() - 1)).isNotEmpty().containsOnly("interval");
        JsonNode end = MAPPER.readTree(out.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(end.at("/data/sum_sent/bytes").longValue()).isEqualTo(r.bytesSent());
    }

    @Test
    void receiveTimeoutEndsATestWhoseSenderGoesQuiet() {
        start("127.0.0.1");
        // reverse UDP at 8 bit/s: the server's first 1400-byte datagram is due in 1400 s
        TestResult r = Client.run(client("127.0.0.1").udp(true).bitrateBps(8).blockSize(1400).direction(Direction.REVERSE)
                .duration(Duration.ofSeconds(20)).receiveTimeout(Duration.ofMillis(400)).build(), OutputFormat.NONE, System.out);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo("idle timeout for receiving data (--rcv-timeout 400 ms)");
    }

    @Test
    void serverOutputIsPrintedAfterTheSummary() {
        start("127.0.0.1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestResult r = Client.run(client("127.0.0.1").getServerOutput(true).build(), OutputFormat.TEXT,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(r.ok()).as(r.error()).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        int summary = text.indexOf("receiver");
        int serverOutput = text.indexOf("Server output:");
        assertThat(serverOutput).isGreaterThan(summary);
        assertThat(text.substring(serverOutput)).contains("receiver").endsWith("iperf Done.\n");
    }

    @Test
    void congestionAlgorithmIsSetOnBothEndsOfEveryStream() throws Exception {
        start("127.0.0.1");
        for (Direction d : List.of(Direction.FORWARD, Direction.REVERSE)) {
            TestResult r = Client.run(client("127.0.0.1").congestion("reno").streams(2).direction(d).build(),
                    OutputFormat.NONE, System.out);
            assertThat(r.ok()).as("%s: %s", d, r.error()).isTrue();
            JsonNode end = MAPPER.readTree(r.json()).path("end");
            assertThat(end.path("sender_tcp_congestion").asText()).as(d.toString()).isEqualTo("reno");
            assertThat(end.path("receiver_tcp_congestion").asText()).as(d.toString()).isEqualTo("reno");
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getInetAddress() instanceof Inet6Address;
        } catch (Exception e) {
            return false;
        }
    }

    /** A base port whose next {@code n - 1} ports were free a moment ago (TCP and UDP). */
    private static int freePortRun(int n) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ExternalTool.freePort();
            if (base + n >= 65536) {
                continue;
            }
            boolean free = true;
            for (int i = 0; i < n && free; i++) {
                try (ServerSocket s = new ServerSocket(base + i); java.net.DatagramSocket d = new java.net.DatagramSocket(base + i)) {
                    s.setReuseAddress(true);
                } catch (Exception e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new AssertionError("no run of " + n + " free ports");
    }
}
