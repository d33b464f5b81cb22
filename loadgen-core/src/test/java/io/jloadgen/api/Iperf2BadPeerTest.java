package io.jloadgen.api;

import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.protocol.BouncebackHeader;
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
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that pretend to be iperf 2 clients and break its formats: each gets one log line and a closed
 * connection, before anything the size of its claim is allocated, while real tests go on.
 */
@Timeout(60)
class Iperf2BadPeerTest {
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Server server;

    @BeforeEach
    void start() {
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(1), 16),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    private long logLines(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** Lines the server logged about the peer at the other end of {@code s}. */
    private static long linesAbout(ByteArrayOutputStream log, Socket s) {
        String peer = "127.0.0.1:" + s.getLocalPort() + ": ";
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(peer)).count();
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
        byte[] buf = new byte[4096];
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

    /** A bounceback request header as iperf 2.1.8 writes it, padded with filler to {@code sent} bytes. */
    private static byte[] request(long size, int holdUs, int sent) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(0x00800000);
        out.writeInt((int) size);
        out.writeInt(1);
        out.writeShort(0x8000);
        out.writeShort(0x5a5a);
        out.writeInt(0);
        out.writeLong(0);
        out.writeLong(-1);
        out.writeLong(-1);
        out.writeInt(holdUs);
        while (b.size() < sent) {
            out.writeByte(0x5a);
        }
        return b.toByteArray();
    }

    private void assertRefused(byte[] bytes, String logText) throws IOException {
        Socket peer;
        try (Socket s = connect()) {
            peer = s;
            s.getOutputStream().write(bytes);
            assertThat(readUntilClosed(s)).isEmpty();
        }
        Await.until(5000, "the log says: " + logText, () -> log().contains(logText));
        assertThat(logLines(logText)).isEqualTo(1);
        assertThat(linesAbout(log, peer)).as("lines about the peer").isEqualTo(1);
        Await.until(5000, "no test is left", () -> server.activeTests() == 0);
        assertThat(log()).as("one line per peer").doesNotContain("closed before sending a cookie");
    }

    @Test
    void bouncebackSizeZeroIsRefused() throws IOException {
        assertRefused(request(0, 0, 64), "bounceback size 0 outside 64..65536; closing");
    }

    @Test
    void bouncebackSizeAboveTheCapIsRefusedBeforeAllocating() throws IOException {
        assertRefused(request(0xFFFFFFF0L, 0, 64), "bounceback size 4294967280 outside 64..65536; closing");
        // 1 GiB fits an int: allocated before the check, it would take 1 GiB of direct memory
        assertRefused(request(1L << 30, 0, 64), "bounceback size 1073741824 outside 64..65536; closing");
        assertRefused(request(65537, 0, 64), "bounceback size 65537 outside 64..65536; closing");
    }

    @Test
    void bouncebackSizeAtTheCapIsEchoed() throws IOException {
        int size = BouncebackHeader.MAX_SIZE;
        byte[] sent = request(size, 0, size);
        try (Socket s = connect()) {
            s.getOutputStream().write(sent);
            byte[] echo = s.getInputStream().readNBytes(size);
            assertThat(echo).hasSize(size);
            // the server stamps its receive and send times at 28..43; everything else comes back as sent
            assertThat(Arrays.copyOfRange(echo, 44, size)).isEqualTo(Arrays.copyOfRange(sent, 44, size));
            assertThat(Arrays.copyOfRange(echo, 0, 28)).isEqualTo(Arrays.copyOfRange(sent, 0, 28));
        }
        Await.until(5000, "the log sums up", () -> log().contains("bounceback done; 1 requests of 65536 bytes echoed"));
    }

    @Test
    void holdAboveTheCapIsRefused() throws IOException {
        assertRefused(request(100, BouncebackHeader.MAX_HOLD_US + 1, 100), "bounceback hold 10000001 us above 10000000; closing");
    }

    @Test
    void bouncebackHeaderCutShortIsClosedAtTheDeadline() throws IOException {
        Socket peer;
        try (Socket s = connect()) {
            peer = s;
            s.getOutputStream().write(Arrays.copyOf(request(100, 0, 100), 30)); // 30 of the header's 48 bytes
            assertThat(readUntilClosed(s)).isEmpty();
        }
        Await.until(5000, "the log names the silent peer", () -> log().contains("no cookie within 1 s; closing"));
        assertThat(linesAbout(log, peer)).as("lines about the peer").isEqualTo(1);
        Await.until(5000, "no test is left", () -> server.activeTests() == 0);
    }

    @Test
    void laterRequestsCannotChangeTheSizeOrTheHold() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request(100, 0, 100));
            assertThat(s.getInputStream().readNBytes(100)).hasSize(100);
            // the first request set size and hold for the connection; a later header's are not read, or this
            // would close the connection (negative hold) or wait for 4 GB
            s.getOutputStream().write(request(0xFFFFFFF0L, -1000, 100));
            assertThat(s.getInputStream().readNBytes(100)).hasSize(100);
        }
        Await.until(5000, "the log sums up", () -> log().contains("bounceback done; 2 requests of 100 bytes echoed"));
        assertThat(server.testsFailed()).isZero();
    }

    @Test
    void negativeHoldIsRefused() throws IOException {
        assertRefused(request(100, -1000, 100), "negative bounceback hold -1000 us; closing");
    }

    @Test
    void requestLongerThanWhatFollowsIsClosedAtTheDeadline() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request(1000, 0, 100)); // announces 1000 bytes, sends 100, then nothing
            assertThat(readUntilClosed(s)).isEmpty();
        }
        Await.until(5000, "the log names the stall", () -> log().contains("stopped mid-request (100 of 1000 bytes)"));
        assertThat(logLines("stopped mid-request")).isEqualTo(1);
        Await.until(5000, "no test is left", () -> server.activeTests() == 0);
        assertThat(server.testsFailed()).isEqualTo(1);
    }

    @Test
    void clientClosingMidRequestIsLoggedOnce() throws IOException {
        Socket peer;
        try (Socket s = connect()) {
            peer = s;
            s.getOutputStream().write(request(200, 0, 200)); // one whole request: echoed
            byte[] echo = s.getInputStream().readNBytes(200);
            assertThat(echo).hasSize(200);
            s.getOutputStream().write(request(200, 0, 150)); // part of the next, then gone
        }
        Await.until(5000, "the log names the cut", () -> log().contains("closed mid-request (150 of 200 bytes)"));
        assertThat(logLines("bounceback ended")).isEqualTo(1);
        assertThat(linesAbout(log, peer)).as("accepted, then what went wrong").isEqualTo(2);
        assertThat(log()).contains("1 requests of 200 bytes echoed");
        Await.until(5000, "no test is left", () -> server.activeTests() == 0);
    }

    @Test
    void iperf2DualTestAndRuntHeadersAreRefused() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(0x80000001); // version 1 with RUN_NOW: -d, the server would have to connect back
        out.writeInt(1);
        out.writeInt(5001);
        out.writeInt(131072);
        out.writeInt(0);
        out.writeInt(-1000);
        assertRefused(b.toByteArray(), "iperf 2 dual test or tradeoff (-d/-r) is not supported");
        assertRefused(new byte[] {0, 0, 0, 0, 1, 2, 3, 4}, "not an iperf3 cookie nor an iperf 2 header; closing");
    }

    @Test
    void iperf2HeaderThenSilenceIsClosedAtTheDeadline() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[] {0x40, 0x01, 0x00, 0x78, 0, 0, 0, 1}); // 60-byte header announced, 8 sent
            assertThat(readUntilClosed(s)).isEmpty();
        }
        Await.until(3000, "the log names the silent peer", () -> log().contains("no cookie within 1 s; closing"));
        Await.until(5000, "no test is left", () -> server.activeTests() == 0);
    }

    @Test
    void realTestsGoOnWhileBouncebackPeersMisbehave() throws Exception {
        ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).streams(1).blockSize(100)
                .duration(Duration.ofSeconds(2)).build();
        CompletableFuture<TestResult> bounceback = Client.startBounceback(config, BouncebackConfig.defaults(),
                OutputFormat.NONE, System.out);
        CompletableFuture<TestResult> iperf3 = Client.start(config.toBuilder().blockSize(128 * 1024).build(),
                OutputFormat.NONE, System.out);
        for (int i = 0; i < 10; i++) {
            try (Socket s = connect()) {
                s.getOutputStream().write(request(i % 2 == 0 ? 0 : 1 << 20, 0, 64));
                readUntilClosed(s);
            }
        }
        TestResult bb = bounceback.get();
        assertThat(bb.ok()).as(bb.error()).isTrue();
        assertThat(bb.bytesSent()).isPositive();
        TestResult r = iperf3.get();
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.bytesReceived()).isEqualTo(r.bytesSent());
        Await.until(5000, "every test ended", () -> server.activeTests() == 0);
        assertThat(server.testsCompleted()).isEqualTo(2);
    }

    /**
     * One event loop for everything: a peer stalled mid-request and a peer whose reply is held for the
     * longest hold allowed hold no thread, so a real test on the same loop runs meanwhile.
     */
    @Test
    void stalledAndHeldPeersDoNotStopTheEventLoop() throws Exception {
        ByteArrayOutputStream oneLoopLog = new ByteArrayOutputStream();
        try (Server oneLoop = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 1, Duration.ofSeconds(5), 16),
                new PrintStream(oneLoopLog, true, StandardCharsets.UTF_8));
             Socket stalled = new Socket("127.0.0.1", oneLoop.port());
             Socket held = new Socket("127.0.0.1", oneLoop.port())) {
            stalled.setSoTimeout(10_000);
            stalled.getOutputStream().write(request(1000, 0, 100)); // announces 1000 bytes, sends 100
            held.getOutputStream().write(request(100, BouncebackHeader.MAX_HOLD_US, 100)); // echo due in 10 s
            Await.until(5000, "both peers are accepted", () -> oneLoopLog.toString(StandardCharsets.UTF_8)
                    .lines().filter(l -> l.contains("bounceback client")).count() == 2);
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(oneLoop.port()).streams(1).blockSize(100)
                    .duration(Duration.ofSeconds(1)).build();
            TestResult bb = Client.startBounceback(config, BouncebackConfig.defaults(), OutputFormat.NONE, System.out)
                    .get(20, TimeUnit.SECONDS);
            assertThat(bb.ok()).as(bb.error()).isTrue();
            assertThat(bb.bytesSent()).isPositive();
            held.close();
            // epoll sees the close during the hold ("closed before its held reply was sent"); NIO, not reading
            // meanwhile, only when the echo fails
            Await.until(15_000, "the held peer's end is logged", () -> linesAbout(oneLoopLog, held) == 2);
            if (NettyTransport.resolve(Transport.AUTO).kind() == Transport.EPOLL) {
                assertThat(oneLoopLog.toString(StandardCharsets.UTF_8)).contains("ended: closed before its held reply was sent");
            }
            Await.until(10_000, "the stalled peer is closed at the deadline",
                    () -> oneLoopLog.toString(StandardCharsets.UTF_8).contains("stopped mid-request (100 of 1000 bytes)"));
            assertThat(readUntilClosed(stalled)).isEmpty();
            Await.until(5000, "no test is left", () -> oneLoop.activeTests() == 0);
        }
    }

    /** After every kind of bad bounceback peer, one after the other, real tests still succeed. */
    @Test
    void realTestsSucceedAfterEveryKindOfBadBouncebackPeer() throws Exception {
        byte[][] refused = {request(0, 0, 64), request(1L << 30, 0, 64), request(65537, 0, 64),
                request(100, -1000, 100), request(100, BouncebackHeader.MAX_HOLD_US + 1, 100)};
        for (byte[] bytes : refused) {
            try (Socket s = connect()) {
                s.getOutputStream().write(bytes);
                assertThat(readUntilClosed(s)).isEmpty();
            }
        }
        try (Socket s = connect()) {
            s.getOutputStream().write(request(200, 0, 150)); // stops mid-request and leaves
        }
        try (Socket s = connect()) {
            s.getOutputStream().write(request(1000, 0, 100)); // stops mid-request and stays
            assertThat(readUntilClosed(s)).isEmpty();
        }
        Await.until(5000, "no test is left", () -> server.activeTests() == 0);
        assertThat(server.testsFailed()).isEqualTo(2);
        ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).streams(1).blockSize(100)
                .duration(Duration.ofSeconds(1)).build();
        TestResult bb = Client.startBounceback(config, BouncebackConfig.defaults(), OutputFormat.NONE, System.out)
                .get(20, TimeUnit.SECONDS);
        assertThat(bb.ok()).as(bb.error()).isTrue();
        assertThat(bb.bytesSent()).isPositive();
        TestResult r = Client.start(config.toBuilder().blockSize(128 * 1024).build(), OutputFormat.NONE, System.out)
                .get(20, TimeUnit.SECONDS);
        assertThat(r.ok()).as(r.error()).isTrue();
        assertThat(r.bytesReceived()).isEqualTo(r.bytesSent()).isPositive();
        Await.until(5000, "every test ended", () -> server.activeTests() == 0);
        assertThat(server.testsCompleted()).isEqualTo(2);
        assertThat(server.testsFailed()).isEqualTo(2);
    }
}
