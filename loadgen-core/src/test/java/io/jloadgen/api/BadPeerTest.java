package io.jloadgen.api;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.protocol.Cookie;
import io.jloadgen.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that break the protocol get an error state or a closed connection and one log line, while a
 * legitimate test on the same server goes on undisturbed.
 */
@Timeout(60)
class BadPeerTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Server server;

    @BeforeEach
    void start() {
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(1), 64),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Reads until the server closes; returns the bytes it sent. Fails if it does not close in time. */
    private static byte[] readUntilClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (IOException reset) {
            // a reset is a close too
        }
        return got.toByteArray();
    }

    @Test
    void partialCookieThenSilenceIsClosedAtTheDeadline() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("abcdefgh".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(s)).isEmpty();
        }
        Await.until(3000, "the log names the silent peer", () -> log().contains("no cookie within 1 s; closing"));
    }

    @Test
    void randomBytesAreClosed() throws IOException {
        try (Socket s = connect()) {
            byte[] junk = new byte[4096];
            new Random(42).nextBytes(junk);
            s.getOutputStream().write(junk);
            readUntilClosed(s);
        }
        Await.until(3000, "the log names the peer", () -> log().contains("not an iperf3 cookie"));
    }

    @Test
    void hugeJsonLengthGetsServerErrorAndClose() throws IOException {
        try (Socket s = connect()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(Cookie.random().encode());
            assertThat(s.getInputStream().read()).isEqualTo(9); // PARAM_EXCHANGE
            out.writeInt(0xFFFFFFFF);
            out.flush();
            byte[] reply = readUntilClosed(s);
            assertThat(reply).hasSize(9);
            assertThat(reply[0]).isEqualTo((byte) -2); // SERVER_ERROR, then iperf3's error code
        }
        Await.until(3000, "the log names the problem", () -> log().contains("JSON length 4294967295 outside"));
    }

    @Test
    void malformedParametersGetServerErrorAndClose() throws IOException {
        try (Socket s = connect()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(Cookie.random().encode());
            assertThat(s.getInputStream().read()).isEqualTo(9);
            byte[] json = "{\"tcp\":true,\"parallel\":-3}".getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            out.flush();
            byte[] reply = readUntilClosed(s);
            assertThat(reply[0]).isEqualTo((byte) -2);
            assertThat(((reply[1] & 0xff) << 24) | ((reply[2] & 0xff) << 16) | ((reply[3] & 0xff) << 8) | (reply[4] & 0xff))
                    .isEqualTo(114); // IERECVPARAMS
        }
        Await.until(3000, "the log names the parameter", () -> log().contains("parameter 'parallel' = -3"));
    }

    @Test
    void dataConnectionWithUnknownCookieStartsNoStreamAndStallingControlIsDropped() throws IOException {
        // an unknown cookie is a new control connection: it gets PARAM_EXCHANGE, then the deadline
        try (Socket s = connect()) {
            s.getOutputStream().write(Cookie.random().encode());
            byte[] reply = readUntilClosed(s);
            assertThat(reply).containsExactly(9);
        }
        Await.until(3000, "the log names the timeout", () -> log().contains("timed out waiting for parameters"));
        Await.until(3000, "the server forgot the test", () -> server.activeTests() == 0);
    }

    @Test
    void clientThatVanishesMidTestFreesItsTest() throws IOException {
        try (Socket control = connect()) {
            DataOutputStream out = new DataOutputStream(control.getOutputStream());
            Cookie cookie = Cookie.random();
            out.write(cookie.encode());
            assertThat(control.getInputStream().read()).isEqualTo(9);
            byte[] json = "{\"tcp\":true,\"time\":30,\"parallel\":1,\"len\":131072}".getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            assertThat(control.getInputStream().read()).isEqualTo(10); // CREATE_STREAMS
            try (Socket data = connect()) {
                data.getOutputStream().write(cookie.encode());
                assertThat(control.getInputStream().read()).isEqualTo(1); // TEST_START
                assertThat(control.getInputStream().read()).isEqualTo(2); // TEST_RUNNING
                data.getOutputStream().write(new byte[1 << 20]);
                assertThat(server.activeTests()).isEqualTo(1);
            }
        } // both closed mid-test
        Await.until(5000, "the server freed the test", () -> server.activeTests() == 0);
        assertThat(log()).contains("the client closed the control connection");
    }

    @Test
    void legitimateTestSucceedsWhileBadPeersAttack() throws Exception {
        ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).streams(2)
                .duration(Duration.ofSeconds(2)).build();
        CompletableFuture<TestResult> good = Client.start(config, OutputFormat.NONE, System.out);
        List<Socket> attackers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Socket s = connect();
            attackers.add(s);
            if (i % 3 == 0) {
                s.getOutputStream().write(new byte[] {(byte) i}); // one byte, then nothing (slowloris)
            } else if (i % 3 == 1) {
                s.close(); // opened and dropped
            } else {
                s.getOutputStream().write(Cookie.random().encode()); // a test that never sends parameters
            }
        }
        TestResult r = good.get();
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.bytesReceived()).isEqualTo(r.bytesSent()).isPositive();
        for (Socket s : attackers) {
            if (!s.isClosed()) {
                readUntilClosed(s);
                s.close();
            }
        }
        Await.until(5000, "every half-open test was dropped", () -> server.activeTests() == 0);
        assertThat(server.testsCompleted()).isEqualTo(1);
    }
}
