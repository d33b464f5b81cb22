package io.jloadgen.hostile;

import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.Server;
import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.stats.IntervalSample;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;
import io.jloadgen.testing.LeakWatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults: a client killed mid-test (stock iperf3 and a jloadgen client JVM, both with SIGKILL) is freed by
 * the server; 1,000 tests aborted at every stage leave no test, connection or buffer behind (Netty's
 * leak detector at paranoid level, its reports made failures); a server killed mid-test makes the jloadgen
 * client fail within its control timeout, keeping the intervals it measured.
 */
@Timeout(120)
class FaultTest {
    private static final String PARAMS = "{\"tcp\":true,\"omit\":0,\"time\":30,\"num\":0,\"blockcount\":0,\"parallel\":1,"
            + "\"len\":131072,\"pacing_timer\":1000,\"client_version\":\"3.12\"}";

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Server server;
    private LeakWatch leaks;

    @BeforeEach
    void start() {
        leaks = LeakWatch.install();
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(3), 64),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
        leaks.close();
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** Waits until a test with {@code streams} data connections is running, then a little longer. */
    private void awaitRunning(int streams) throws InterruptedException {
        Await.until(20_000, "a test with " + streams + " streams is running (log:\n" + log() + ")",
                () -> server.activeTests() == 1 && server.openConnections() == 1 + streams);
        Thread.sleep(1500); // mid-test: data has been flowing for a while
    }

    private void assertFreed() {
        Await.until(15_000, "the server freed the killed client's test", () -> server.activeTests() == 0);
        Await.until(15_000, "every connection of the killed client is closed", () -> server.openConnections() == 0);
        assertThat(server.testsFailed()).isEqualTo(1);
        assertThat(server.testsCompleted()).isZero();
        assertThat(log().lines().filter(l -> l.contains("ended: "))).hasSize(1);
        leaks.assertNoLeaks();
    }

    @Test
    void stockIperf3ClientKilledMidTestIsFreed() throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        Process iperf3 = new ProcessBuilder("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()), "-t", "30",
                "-P", "2").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitRunning(2);
        } finally {
            iperf3.destroyForcibly(); // SIGKILL
            assertThat(iperf3.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertFreed();
    }

    @Test
    void jloadgenClientJvmKilledMidTestIsFreed() throws Exception {
        try (ChildJvm client = ChildJvm.start("client", String.valueOf(server.port()), "30")) {
            awaitRunning(2);
            client.kill();
        }
        assertFreed();
    }

    /** Raw sockets, aborted at every stage of the conversation, by FIN and by RST, 8 at a time. */
    @Test
    void thousandAbortedTestsLeakNoChannelsOrBuffers() throws Exception {
        int tests = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<?>[] running = new Future<?>[tests];
            for (int i = 0; i < tests; i++) {
                int stage = i % 5;
                boolean reset = (i / 5) % 2 == 1;
                running[i] = pool.submit(() -> {
                    abortedTest(stage, reset);
                    return null;
                });
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Await.until(30_000, "every aborted test is freed", () -> server.activeTests() == 0);
        Await.until(30_000, "every connection is closed (open: " + server.openConnections() + ")",
                () -> server.openConnections() == 0);
        assertThat(server.testsFailed()).isEqualTo(tests);
        assertThat(server.testsCompleted()).isZero();
        leaks.assertNoLeaks();
        System.out.println("reliability figures: aborted tests " + tests + ", leaks reported " + leaks.leaks().size());
        // and the server still serves
        ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).duration(Duration.ofSeconds(1)).build();
        TestResult r = Client.run(config, OutputFormat.NONE, new PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.bytesReceived()).isEqualTo(r.bytesSent()).isPositive();
    }

    private void abortedTest(int stage, boolean reset) throws IOException {
        RawPeer control = new RawPeer(server.port());
        RawPeer data = null;
        try {
            control.startTest();
            if (stage >= 1) {
                control.sendParameters(PARAMS);
            }
            if (stage >= 2) {
                data = new RawPeer(server.port());
                data.write(control.cookie.encode());
                control.expectState(1); // TEST_START
                control.expectState(2); // TEST_RUNNING
            }
            if (stage >= 3) {
                data.write(new byte[64 * 1024]);
            }
            if (stage == 4) {
                control.write(new byte[] {4}); // TEST_END, then gone before the results
                control.expectState(13); // EXCHANGE_RESULTS
            }
        } finally {
            if (reset) {
                control.socket().setSoLinger(true, 0);
            }
            control.close();
            if (data != null) {
                if (reset) {
                    data.socket().setSoLinger(true, 0);
                }
                data.close();
            }
        }
    }

    @Test
    void jloadgenServerJvmKilledMidTestClientReportsWhatItMeasured() throws Exception {
        try (ChildJvm child = ChildJvm.start("server")) {
            clientSurvivesServerKill(Integer.parseInt(child.readyValue()), () -> child.kill());
        }
    }

    @Test
    void stockIperf3ServerKilledMidTestClientReportsWhatItMeasured() throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        int port = ExternalTool.freePort();
        java.nio.file.Path out = java.nio.file.Files.createTempFile("iperf3-server", ".log");
        Process iperf3 = new ProcessBuilder("iperf3", "-s", "-1", "--forceflush", "-B", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Await.until(10_000, "iperf3 -s listens", () -> {
                try {
                    return java.nio.file.Files.readString(out).contains("Server listening");
                } catch (IOException e) {
                    return false;
                }
            });
            clientSurvivesServerKill(port, () -> {
                iperf3.destroyForcibly(); // SIGKILL
                assertThat(iperf3.waitFor(10, TimeUnit.SECONDS)).isTrue();
            });
        } finally {
            iperf3.destroyForcibly();
            java.nio.file.Files.deleteIfExists(out);
        }
    }

    @FunctionalInterface
    private interface Kill {
        void run() throws Exception;
    }

    private void clientSurvivesServerKill(int port, Kill kill) throws Exception {
        Duration controlTimeout = Duration.ofSeconds(3);
        ClientConfig config = ClientConfig.builder("127.0.0.1").port(port).streams(2).duration(Duration.ofSeconds(30))
                .controlTimeout(controlTimeout).build();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        CompletableFuture<TestResult> running = Client.start(config, OutputFormat.TEXT,
                new PrintStream(text, true, StandardCharsets.UTF_8));
        try {
            Await.until(20_000, "the client has reported two intervals",
                    () -> text.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("[SUM]")).count() >= 2);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; its output:\n" + text.toString(StandardCharsets.UTF_8), e);
        }
        kill.run();
        // bounded by the client's own deadlines: the control timeout plus the drain bound, with room to spare
        TestResult r = running.get(controlTimeout.toSeconds() + 15, TimeUnit.SECONDS);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).as("the reason, in words").isNotBlank();
        assertThat(r.intervals()).as("what it measured before the kill").hasSizeGreaterThanOrEqualTo(2);
        long measured = r.intervals().stream().mapToLong(s -> Arrays.stream(s.streamBytes()).sum()).sum();
        assertThat(measured).isPositive();
        System.out.println("reliability figures: server killed mid-test; client error: " + r.error()
                + "; intervals kept: " + r.intervals().size() + "; bytes measured: " + measured);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains(r.error());
    }
}
