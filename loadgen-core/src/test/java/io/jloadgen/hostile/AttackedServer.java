package io.jloadgen.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.Server;
import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A jloadgen server under attack, with the checks every attack ends with: legitimate tests (a jloadgen
 * client and the stock iperf3 client) succeed while it lasts; afterwards no test, connection or thread is
 * left over and the heap is back near where it started; and the log holds exactly one line about each bad
 * peer saying what it did. Waits are bounded; tolerances are generous because the JVM is shared.
 */
final class AttackedServer implements AutoCloseable {
    static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(2);
    private static final int SERVER_THREADS = 2;
    private static final int THREAD_TOLERANCE = 8;
    private static final long HEAP_TOLERANCE_BYTES = 96L * 1024 * 1024;
    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    /** What one bad peer does; returns the local port the server knows it by. */
    @FunctionalInterface
    interface Attack {
        int run(int index) throws Exception;
    }

    final Server server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final int baselineThreads;
    private final long baselineHeapBytes;
    private final String serverThreadPrefix;
    private int legitimateTests;

    private AttackedServer(ServerConfig config) {
        Set<String> before = threadNames();
        baselineHeapBytes = heapAfterGc();
        baselineThreads = ManagementFactory.getThreadMXBean().getThreadCount();
        server = Server.start(config, new PrintStream(log, true, StandardCharsets.UTF_8));
        serverThreadPrefix = threadNames().stream().filter(n -> n.startsWith("jloadgen-server") && !before.contains(n))
                .map(n -> n.substring(0, n.lastIndexOf('-') + 1)).findFirst().orElse("jloadgen-server-?");
    }

    static AttackedServer start() {
        return start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, SERVER_THREADS, CONTROL_TIMEOUT, 64));
    }

    static AttackedServer start(ServerConfig config) {
        return new AttackedServer(config);
    }

    int port() {
        return server.port();
    }

    RawPeer peer() throws java.io.IOException {
        return new RawPeer(server.port());
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code peers} attacks, {@code parallelism} at a time, while a jloadgen and an iperf3 client each
     * run a legitimate test against the same server; returns the attackers' ports. Fails if an attack's own
     * check fails or a legitimate test does not succeed.
     */
    List<Integer> underAttack(int peers, int parallelism, Attack attack) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "attacker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Integer>> running = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                int index = i;
                running.add(pool.submit(() -> attack.run(index)));
            }
            legitimateTestsSucceed();
            List<Integer> ports = new ArrayList<>();
            for (Future<Integer> f : running) {
                try {
                    ports.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new AssertionError(e.getCause());
                }
            }
            return ports;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A jloadgen client test and a stock iperf3 client test, at once; both must succeed with agreeing totals. */
    void legitimateTestsSucceed() throws Exception {
        int completedBefore = server.testsCompleted();
        ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).streams(2)
                .duration(Duration.ofSeconds(1)).controlTimeout(Duration.ofSeconds(10)).build();
        CompletableFuture<TestResult> ours = Client.start(config, OutputFormat.NONE, DISCARD);
        int expected = 1;
        if (iperf3Installed()) {
            expected++;
            ExternalTool.Result r = ExternalTool.run(40, "iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                    "-t", "1", "-P", "2", "-J");
            JsonNode doc = new ObjectMapper().readTree(r.stdout());
            assertThat(doc.has("error")).as("stock iperf3 under attack reported: %s\nserver log:\n%s",
                    doc.path("error").asText(), log()).isFalse();
            long sent = doc.at("/end/sum_sent/bytes").longValue();
            assertThat(doc.at("/end/sum_received/bytes").longValue()).as("iperf3 totals").isEqualTo(sent).isPositive();
        } else {
            System.err.println("SKIPPED (part): iperf3 is not installed; the legitimate test under attack ran with "
                    + "the jloadgen client only");
        }
        TestResult r = ours.get(40, TimeUnit.SECONDS);
        assertThat(r.ok()).as("jloadgen client under attack: %s\nserver log:\n%s", r.error(), log()).isTrue();
        assertThat(r.bytesReceived()).as("jloadgen totals").isEqualTo(r.bytesSent()).isPositive();
        int wanted = completedBefore + expected;
        Await.until(10_000, "the server counted the legitimate tests", () -> server.testsCompleted() >= wanted);
        legitimateTests += expected;
    }

    /** Legitimate tests run against this server so far. */
    int legitimateTests() {
        return legitimateTests;
    }

    /**
     * Each bad peer (by port) is named in exactly one log line besides "accepted connection", and that line
     * says what went wrong with it.
     */
    void assertOneLinePerBadPeer(List<Integer> ports, String... expectedWords) {
        for (int port : ports) {
            Pattern peer = Pattern.compile("127\\.0\\.0\\.1:" + port + "(?!\\d)");
            Await.until(10_000, "the log names the peer on port " + port, () -> !linesAbout(peer).isEmpty());
        }
        // let any second line (the bug this guards against) arrive before counting
        Await.until(10_000, "the server has let go of every bad peer", () -> server.activeTests() == 0);
        for (int port : ports) {
            Pattern peer = Pattern.compile("127\\.0\\.0\\.1:" + port + "(?!\\d)");
            List<String> lines = linesAbout(peer);
            assertThat(lines).as("log lines about the bad peer on port %d", port).hasSize(1);
            if (expectedWords.length > 0) {
                assertThat(lines.get(0)).containsAnyOf(expectedWords);
            }
        }
        System.out.println("reliability figures: bad peers " + ports.size() + " (one log line each), legitimate tests held "
                + legitimateTests + " (jloadgen and iperf3 clients)");
    }

    private List<String> linesAbout(Pattern peer) {
        return Arrays.stream(log().split("\n"))
                .filter(l -> peer.matcher(l).find() && !l.contains("accepted connection from"))
                .toList();
    }

    /** No test, connection or leftover thread; heap near the start. Bounded waits; no timing asserted. */
    void assertBackToBaseline() {
        Await.until(15_000, "no test in progress", () -> server.activeTests() == 0);
        Await.until(15_000, "no open connection (open: " + server.openConnections() + ")", () -> server.openConnections() == 0);
        Await.until(20_000, "thread count back near " + baselineThreads, () ->
                ManagementFactory.getThreadMXBean().getThreadCount() <= baselineThreads + THREAD_TOLERANCE);
        assertThat(threadNames().stream().filter(n -> n.startsWith(serverThreadPrefix)).count())
                .as("server event-loop threads").isLessThanOrEqualTo(SERVER_THREADS);
        long[] heap = new long[1];
        Await.until(20_000, "heap back near its baseline", () -> {
            heap[0] = heapAfterGc();
            return heap[0] <= baselineHeapBytes + HEAP_TOLERANCE_BYTES;
        });
    }

    static boolean iperf3Installed() {
        return List.of("/usr/bin/", "/usr/local/bin/", "/bin/").stream().anyMatch(d -> Files.isExecutable(Path.of(d + "iperf3")));
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        server.close();
    }
}
