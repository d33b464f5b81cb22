package io.jloadgen.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real sockets on 127.0.0.x: a scripted server for each answer, and stock iperf3 -s. */
@Timeout(30)
class ReadinessProbeTest {

    /** Accepts one connection, reads the 37-byte cookie, answers {@code reply}, returns the cookie it read. */
    static CompletableFuture<String> answerOnce(ServerSocket server, int reply) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                byte[] cookie = in.readNBytes(37);
                if (reply >= 0) {
                    s.getOutputStream().write(reply);
                    s.getOutputStream().flush();
                }
                return new String(cookie, StandardCharsets.US_ASCII);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    static ServerSocket listen(String address) throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return server;
    }

    @Test
    void readyWhenTheServerAnswersParamExchangeToACookie() throws Exception {
        try (ServerSocket server = listen("127.0.0.2")) {
            CompletableFuture<String> cookie = answerOnce(server, 9);
            assertThat(ReadinessProbe.probeOnce("127.0.0.2", server.getLocalPort(), Duration.ofSeconds(5))).isNull();
            assertThat(cookie.get(5, TimeUnit.SECONDS)).matches("[a-z2-7]{36}\0");
        }
    }

    @Test
    void notReadyForOtherAnswers() throws Exception {
        try (ServerSocket server = listen("127.0.0.2")) {
            answerOnce(server, 0xff);
            assertThat(ReadinessProbe.probeOnce("127.0.0.2", server.getLocalPort(), Duration.ofSeconds(5)))
                    .isEqualTo("busy (access denied)");
            answerOnce(server, 2);
            assertThat(ReadinessProbe.probeOnce("127.0.0.2", server.getLocalPort(), Duration.ofSeconds(5)))
                    .isEqualTo("answered state TEST_RUNNING");
            answerOnce(server, -1); // reads the cookie, closes without a word
            assertThat(ReadinessProbe.probeOnce("127.0.0.2", server.getLocalPort(), Duration.ofSeconds(5)))
                    .isEqualTo("closed the control connection without a state");
        }
    }

    @Test
    void aSilentServerIsNotReadyWithinTheTimeout() throws Exception {
        try (ServerSocket server = listen("127.0.0.2")) { // the kernel accepts into the backlog; nobody answers
            assertThat(ReadinessProbe.probeOnce("127.0.0.2", server.getLocalPort(), Duration.ofMillis(200)))
                    .isEqualTo("no answer within 200 ms");
        }
    }

    @Test
    void awaitGivesUpAtTheDeadlineWithTheLastReason() throws Exception {
        int port;
        try (ServerSocket s = listen("127.0.0.3")) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        int closedPort = port;
        assertThatThrownBy(() -> ReadinessProbe.awaitReady("127.0.0.3", closedPort, Duration.ofMillis(600), () -> false))
                .isInstanceOf(GuestNotReadyException.class)
                .hasMessageStartingWith("127.0.0.3:" + closedPort + " not ready after 600ms: ConnectException");
    }

    @Test
    void awaitReturnsOnceAServerComesUp() throws Exception {
        try (ServerSocket server = listen("127.0.0.4")) {
            answerOnce(server, 0xff).thenRun(() -> answerOnce(server, 9));
            ReadinessProbe.awaitReady("127.0.0.4", server.getLocalPort(), Duration.ofSeconds(10), () -> false);
        }
    }

    @Test
    void stockIperf3ServerCountsAsReady() throws Exception {
        int port;
        try (ServerSocket s = listen("127.0.0.5")) {
            port = s.getLocalPort();
        }
        Process iperf3 = new ProcessBuilder("iperf3", "-s", "-B", "127.0.0.5", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ReadinessProbe.awaitReady("127.0.0.5", port, Duration.ofSeconds(10), () -> false);
            // the probe's abandoned test must not wedge iperf3: it is ready again for the next one
            ReadinessProbe.awaitReady("127.0.0.5", port, Duration.ofSeconds(10), () -> false);
        } finally {
            iperf3.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
