package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.LatencyProbeConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -S/--dscp} marks the data streams both ways, as the kernel holds the sockets (read with {@code ss --tos}
 * while the test runs); {@code -B} binds every connection; {@code -f} picks the text output's rate unit.
 */
@Timeout(90)
class MarkingAndBindingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SS_LINE = Pattern.compile("(\\S+):(\\d+)\\s+(\\S+):(\\d+)\\s+tos:(0x[0-9a-f]+|0)");
    private final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Server start() {
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(serverLog, true, StandardCharsets.UTF_8));
        return server;
    }

    /** A socket as {@code ss} lists it: its two ends and its TOS byte. */
    record Marked(int localPort, int peerPort, int tos) {
    }

    /**
     * The connected sockets of {@code proto} ("-tn" or "-un") with one end on {@code port}, as the kernel has them
     * now: established TCP ones (not the listener, nor an earlier test's in TIME-WAIT), connected UDP ones.
     */
    private static List<Marked> sockets(String proto, int port) {
        String filter = "( sport = :" + port + " or dport = :" + port + " )";
        ExternalTool.Result r = proto.equals("-tn")
                ? ExternalTool.run(10, "ss", proto, "--tos", "state", "established", filter)
                : ExternalTool.run(10, "ss", proto, "-a", "--tos", filter);
        List<Marked> found = new ArrayList<>();
        Matcher m = SS_LINE.matcher(r.stdout());
        while (m.find()) {
            found.add(new Marked(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)), Integer.decode(m.group(5))));
        }
        return found;
    }

    /** Runs {@code config} and returns the sockets seen a second into it, with the test's result. */
    private static List<Marked> socketsDuring(ClientConfig config, String proto, int port) throws Exception {
        CompletableFuture<TestResult> run = Client.start(config, OutputFormat.NONE, System.out, false);
        Thread.sleep(1000);
        List<Marked> seen = sockets(proto, port);
        TestResult r = run.get();
        assertThat(r.ok()).as(r.error()).isTrue();
        return seen;
    }

    @Test
    void tosMarksTheDataStreamsAtBothEndsInEachDirection() throws Exception {
        ExternalTool.assumeInstalled("ss");
        Server s = start();
        for (Direction direction : Direction.values()) {
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(2))
                    .streams(2).direction(direction).tos(0x28).build();
            List<Marked> tcp = socketsDuring(config, "-tn", s.port());
            int connections = direction == Direction.BIDIR ? 4 : 2;
            // each data connection twice (client end, server end), marked; the control connection is not, as in iperf3
            assertThat(tcp.stream().filter(m -> m.tos() == 0x28)).as("%s: %s", direction, tcp).hasSize(2 * connections);
            assertThat(tcp.stream().filter(m -> m.tos() == 0)).as("%s: %s", direction, tcp).hasSize(2);
        }
        for (Direction direction : new Direction[] {Direction.FORWARD, Direction.REVERSE}) {
            ClientConfig udp = ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(2)).udp(true)
                    .bitrateBps(5_000_000).direction(direction).tos(0xb8).build();
            List<Marked> seen = socketsDuring(udp, "-un", s.port());
            // the client's stream socket and the server's, connected to it; not the server's listener
            assertThat(seen.stream().filter(m -> m.tos() == 0xb8)).as("UDP %s: %s", direction, seen).hasSize(2);
        }
        TestResult plain = Client.run(ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(1))
                .tos(0x28).build(), OutputFormat.NONE, System.out);
        assertThat(MAPPER.readTree(plain.json()).at("/start/test_start/tos").intValue()).isEqualTo(0x28);
        // NIO's sockets are dual-stack: the JDK would set IPV6_TCLASS only, and IPv4 packets leave unmarked
        TestResult nio = Client.run(ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(1))
                .tos(0x28).transport(Transport.NIO).build(), OutputFormat.NONE, System.out);
        assertThat(nio.ok()).isFalse();
        assertThat(nio.error()).contains("-S/--tos and --dscp need the epoll or io_uring transport, not nio");
    }

    /** A stock iperf3 client's -S reaches the jloadgen server's sockets; jloadgen's -S a stock iperf3 server's. */
    @Test
    void tosWorksWithStockIperf3BothWays() throws Exception {
        ExternalTool.assumeInstalled("ss");
        ExternalTool.assumeInstalled("iperf3");
        Server s = start();
        try (ExternalTool.Background client = ExternalTool.Background.start("Reverse mode", 10, "iperf3", "-c",
                "127.0.0.1", "-p", String.valueOf(s.port()), "-t", "3", "-R", "-S", "0x48", "--forceflush")) {
            Thread.sleep(1500);
            List<Marked> seen = sockets("-tn", s.port());
            assertThat(seen.stream().filter(m -> m.localPort() == s.port() && m.tos() == 0x48))
                    .as("jloadgen server's end of the data connection, marked as the iperf3 client asked: %s\n%s",
                            seen, serverLog).hasSize(1);
        }
        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf3 = ExternalTool.Background.iperf3Server(port)) {
            List<Marked> seen = socketsDuring(ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(2))
                    .tos(0x48).build(), "-tn", port);
            assertThat(seen.stream().filter(m -> m.peerPort() == port && m.tos() == 0x48))
                    .as("jloadgen client's data connection: %s\n%s", seen, iperf3.output()).hasSize(1);
        }
    }

    @Test
    void bindPutsEveryConnectionOnTheGivenAddress() throws Exception {
        Server s = start();
        for (boolean udp : new boolean[] {false, true}) {
            TestResult r = Client.run(ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(1))
                    .udp(udp).streams(2).bindAddress("127.0.0.2").build(), OutputFormat.NONE, System.out);
            assertThat(r.ok()).as(r.error()).isTrue();
            JsonNode connected = MAPPER.readTree(r.json()).at("/start/connected");
            assertThat(connected).hasSize(2);
            for (JsonNode c : connected) {
                assertThat(c.get("local_host").textValue()).isEqualTo("127.0.0.2");
            }
        }
        assertThat(serverLog.toString(StandardCharsets.UTF_8)).contains("127.0.0.2");
        TestResult unknown = Client.run(ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(1))
                .bindAddress("no-such-host.invalid").build(), OutputFormat.NONE, System.out);
        assertThat(unknown.ok()).isFalse();
        assertThat(unknown.error()).startsWith("-B/--bind: unable to resolve no-such-host.invalid");
    }

    /** The latency probe is one of the test's connections: marked by -S and bound by -B like the streams. */
    @Test
    void theLatencyProbeIsMarkedAndBoundAsTheStreams() throws Exception {
        ExternalTool.assumeInstalled("ss");
        Server s = start();
        ClientConfig config = ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(2))
                .tos(0x28).bindAddress("127.0.0.2").build();
        CompletableFuture<TestResult> run = Client.start(config, OutputFormat.NONE, System.out, false,
                new LatencyProbeConfig(Duration.ofMillis(10)));
        Thread.sleep(1000);
        List<Marked> all = sockets("-tn", s.port());
        List<Marked> clientEnds = all.stream().filter(m -> m.peerPort() == s.port()).toList();
        List<Marked> serverEnds = all.stream().filter(m -> m.localPort() == s.port()).toList();
        String listing = ExternalTool.run(10, "ss", "-tn", "state", "established", "( dport = :" + s.port() + " )").stdout();
        TestResult r = run.get();
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(MAPPER.readTree(r.json()).at("/end/latency_probe/count").longValue()).isPositive();
        // control (unmarked, as in iperf3), the data stream and the probe (both marked); the probe asks the
        // server, in iperf 2's bounceback header, to mark its replies too
        assertThat(clientEnds).as("client ends: %s", clientEnds).hasSize(3);
        assertThat(clientEnds.stream().filter(m -> m.tos() == 0x28)).as("marked client ends: %s", clientEnds).hasSize(2);
        assertThat(serverEnds).as("server ends: %s", serverEnds).hasSize(3);
        assertThat(serverEnds.stream().filter(m -> m.tos() == 0x28)).as("marked server ends: %s", serverEnds).hasSize(2);
        assertThat(listing.lines().filter(l -> l.contains("127.0.0.2"))).as("client ends on 127.0.0.2:\n%s", listing).hasSize(3);
    }

    /**
     * Bounceback marks both ways, as iperf 2's does: the client its requests, and the TOS it puts in the header
     * (iperf 2's bounceback TOS flag) makes the server mark its replies; checked between jloadgen and the stock
     * iperf 2 binary in both roles.
     */
    @Test
    void bouncebackMarksRequestsAndRepliesWithIperf2BothWays() throws Exception {
        ExternalTool.assumeInstalled("ss");
        ExternalTool.assumeInstalled("iperf");
        Server s = start();
        ClientConfig config = ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(2))
                .blockSize(BouncebackConfig.DEFAULT_SIZE).tos(0x28).build();
        assertThat(marksDuringBounceback(config, s.port())).as("jloadgen client and server ends").containsExactly(0x28, 0x28);

        try (ExternalTool.Background iperf = ExternalTool.Background.start(null, 10, "iperf", "-c", "127.0.0.1", "-p",
                String.valueOf(s.port()), "--bounceback", "--tos", "0x48", "-t", "3")) {
            AtomicReference<List<Marked>> serverEnd = new AtomicReference<>();
            Await.until(5000, "iperf's bounceback connection is up", () -> {
                serverEnd.set(sockets("-tn", s.port()).stream().filter(m -> m.localPort() == s.port()).toList());
                return !serverEnd.get().isEmpty();
            });
            Thread.sleep(200); // past the first request, which carries the TOS
            serverEnd.set(sockets("-tn", s.port()).stream().filter(m -> m.localPort() == s.port()).toList());
            assertThat(serverEnd.get().stream().map(Marked::tos))
                    .as("jloadgen server's end, marked as iperf 2's client asked: %s\n%s\n%s", serverEnd.get(), serverLog,
                            iperf.output())
                    .containsExactly(0x48);
        }
        assertThat(serverLog.toString(StandardCharsets.UTF_8)).contains("tos 0x48");

        int port = ExternalTool.freePort();
        try (ExternalTool.Background iperf = ExternalTool.Background.start("Server listening", 10,
                "iperf", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port))) {
            ExternalTool.awaitListening(port, 10_000);
            ClientConfig toIperf = ClientConfig.builder("127.0.0.1").port(port).duration(Duration.ofSeconds(2))
                    .blockSize(BouncebackConfig.DEFAULT_SIZE).tos(0xb8).build();
            assertThat(marksDuringBounceback(toIperf, port)).as("jloadgen client's end and iperf -s's end\n%s", iperf.output())
                    .containsExactly(0xb8, 0xb8);
        }
    }

    /** The TOS of the client's end, then the server's, of a bounceback connection a second into the test. */
    private static List<Integer> marksDuringBounceback(ClientConfig config, int port) throws Exception {
        CompletableFuture<TestResult> run = Client.startBounceback(config, BouncebackConfig.defaults(), OutputFormat.NONE,
                System.out);
        Thread.sleep(1000);
        List<Marked> seen = sockets("-tn", port);
        TestResult r = run.get();
        assertThat(r.ok()).as(r.error()).isTrue();
        List<Integer> marks = new ArrayList<>();
        seen.stream().filter(m -> m.peerPort() == port).forEach(m -> marks.add(m.tos()));
        seen.stream().filter(m -> m.localPort() == port).forEach(m -> marks.add(m.tos()));
        return marks;
    }

    /** A NIO server cannot mark IPv4 packets either: it refuses the test in one log line and goes on serving. */
    @Test
    void aNioServerRefusesTosAndServesTheNextTest() {
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.NIO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(serverLog, true, StandardCharsets.UTF_8));
        TestResult refused = Client.run(ClientConfig.builder("127.0.0.1").port(server.port()).duration(Duration.ofSeconds(1))
                .tos(0x10).build(), OutputFormat.NONE, System.out);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).as(serverLog.toString(StandardCharsets.UTF_8))
                .contains("unable to receive parameters from client");
        io.jloadgen.testing.Await.until(5000, "the server logged why", () -> serverLog.toString(StandardCharsets.UTF_8)
                .contains("-S/--tos and --dscp need the epoll or io_uring transport, not nio"));
        TestResult next = Client.run(ClientConfig.builder("127.0.0.1").port(server.port()).duration(Duration.ofSeconds(1))
                .build(), OutputFormat.NONE, System.out);
        assertThat(next.ok()).as(next.error()).isTrue();
    }

    @Test
    void formatFixesTheRateUnitOfTheTextOutput() throws Exception {
        Server s = start();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        TestResult r = Client.run(ClientConfig.builder("127.0.0.1").port(s.port()).duration(Duration.ofSeconds(1))
                .rateFormat('M').build(), OutputFormat.TEXT, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(r.ok()).as(r.error()).isTrue();
        List<String> rates = text.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" sec ")).toList();
        assertThat(rates).isNotEmpty().allMatch(l -> l.contains("MBytes/sec"), "every rate in MBytes/sec")
                .noneMatch(l -> l.contains("bits/sec"));
        // the server's own -f, in its output and in what --get-server-output brings back
        s.close();
        ByteArrayOutputStream kbitsLog = new ByteArrayOutputStream();
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8)
                .withRateFormat('k'), new PrintStream(kbitsLog, true, StandardCharsets.UTF_8));
        TestResult kbits = Client.run(ClientConfig.builder("127.0.0.1").port(server.port()).duration(Duration.ofSeconds(1))
                .getServerOutput(true).build(), OutputFormat.NONE, System.out);
        assertThat(kbits.ok()).as(kbits.error()).isTrue();
        List<String> serverRates = kbitsLog.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" sec ")).toList();
        assertThat(serverRates).isNotEmpty().allMatch(l -> l.contains("Kbits/sec"), "every server rate in Kbits/sec");
        String fetched = MAPPER.readTree(kbits.json()).at("/server_output_text").asText();
        assertThat(fetched).contains("Kbits/sec").doesNotContain("Gbits/sec");
    }
}
