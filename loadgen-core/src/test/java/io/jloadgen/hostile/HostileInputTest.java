package io.jloadgen.hostile;

import io.jloadgen.protocol.Cookie;
import io.jloadgen.protocol.JsonCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on a running server over loopback, beyond {@code api.BadPeerTest}: malformed, deeply nested and
 * oversized JSON; states in the wrong order; data connections with unknown or spent cookies; a client that
 * sends one byte per second; hundreds of connections opened and dropped. Every attack runs while a
 * jloadgen client and the stock iperf3 client each complete a test on the same server, and ends with the
 * server back at its baseline and exactly one log line per bad peer.
 */
@Timeout(90)
class HostileInputTest {
    private static final int IECTRLREAD = 108;
    private static final int IEMESSAGE = 110;
    private static final int IERECVPARAMS = 114;
    private static final String VALID = "{\"tcp\":true,\"omit\":0,\"time\":30,\"num\":0,\"blockcount\":0,\"parallel\":1,"
            + "\"len\":131072,\"pacing_timer\":1000,\"client_version\":\"3.12\"}";

    private AttackedServer s;

    @BeforeEach
    void start() {
        s = AttackedServer.start();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutRecursion() throws Exception {
        List<Integer> ports = s.underAttack(10, 4, i -> {
            int depth = 100 * (i + 1); // 100 .. 1000 levels, far beyond the parser's limit of 16
            String json = "{\"tcp\":true,\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            try (RawPeer p = s.peer()) {
                p.startTest().writeJson(json);
                p.expectServerErrorThenClose(IECTRLREAD);
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "nesting depth");
        s.assertBackToBaseline();
    }

    @Test
    void oversizedJsonIsRefusedBeforeItsBodyIsRead() throws Exception {
        List<Integer> ports = s.underAttack(6, 3, i -> {
            try (RawPeer p = s.peer()) {
                p.startTest();
                if (i % 2 == 0) {
                    // one byte over the cap, and the whole body sent after it
                    byte[] body = new byte[JsonCodec.MAX_PARAMETERS_BYTES + 1];
                    java.util.Arrays.fill(body, (byte) ' ');
                    body[0] = '{';
                    body[body.length - 1] = '}';
                    p.writeInt(body.length);
                    try {
                        p.write(body);
                    } catch (IOException closedWhileWriting) {
                        // the server may close before the body is through
                    }
                    byte[] reply = p.readUntilClosed();
                    assertThat(reply[0]).isEqualTo((byte) RawPeer.SERVER_ERROR);
                    assertThat(RawPeer.errorCode(reply)).isEqualTo(IECTRLREAD);
                } else {
                    // inside the cap, but a title of 60,000 characters
                    p.writeJson("{\"tcp\":true,\"time\":1,\"title\":\"" + "t".repeat(60_000) + "\"}");
                    p.expectServerErrorThenClose(IERECVPARAMS);
                }
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "outside 1..65536", "parameter 'title' longer than");
        s.assertBackToBaseline();
    }

    /** After CREATE_STREAMS the server expects streams, then TEST_END: anything else is refused. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "TEST_END before any stream,       04,                 110",
            "IPERF_DONE before any result,     10,                 110",
            "DISPLAY_RESULTS from the client,  0e,                 110",
            "SERVER_ERROR from the client,     fe0000000100000000, 110",
            "a JSON frame instead of a state,  000000027b7d,       108",
            "a second cookie,                  6162636465666768,   108",
            "unknown state 99,                 63,                 108"})
    void statesInTheWrongOrderAreRefused(String what, String hex, int code) throws Exception {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        List<Integer> ports = s.underAttack(4, 4, i -> {
            try (RawPeer p = s.peer()) {
                p.startTest().sendParameters(VALID).write(bytes);
                p.expectServerErrorThenClose(code);
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "unexpected state", "TEST_END before", "IPERF_DONE before", "unknown state byte");
        assertThat(s.server.testsCompleted()).as("no wrong-order test counts as completed").isEqualTo(s.legitimateTests());
        s.assertBackToBaseline();
    }

    @Test
    void dataConnectionsWithUnknownOrSpentCookiesAreClosed() throws Exception {
        List<Integer> ports = s.underAttack(12, 4, i -> {
            if (i % 2 == 0) {
                // a data stream whose cookie no test knows, sending data as a stream would: the zeros read
                // as a JSON length of 0 and the connection, taken for a new test's control, is refused
                try (RawPeer p = s.peer()) {
                    p.write(Cookie.random().encode());
                    try {
                        p.write(new byte[256 * 1024]);
                    } catch (IOException closedWhileWriting) {
                        // refused before all was written
                    }
                    byte[] reply = p.readUntilClosed();
                    assertThat(reply[0]).isEqualTo((byte) RawPeer.PARAM_EXCHANGE);
                    assertThat(reply[1]).isEqualTo((byte) RawPeer.SERVER_ERROR);
                    return p.localPort();
                }
            }
            // a real test with one stream, then a second data connection with its cookie
            try (RawPeer control = s.peer()) {
                control.startTest().sendParameters(VALID.replace("\"time\":30", "\"time\":1"));
                try (RawPeer first = s.peer(); RawPeer extra = s.peer()) {
                    first.write(control.cookie.encode());
                    control.expectState(1); // TEST_START
                    control.expectState(2); // TEST_RUNNING
                    extra.write(control.cookie.encode());
                    assertThat(extra.readUntilClosed()).isEmpty();
                    return extra.localPort();
                }
            }
        });
        s.assertOneLinePerBadPeer(ports, "outside 1..", "not accepting streams");
        s.assertBackToBaseline();
    }

    /** Slowloris: one byte per second, over the cookie or over the parameters. The deadline is per message. */
    @Test
    void oneBytePerSecondIsClosedAtTheControlDeadline() throws Exception {
        List<Integer> ports = s.underAttack(8, 8, i -> {
            try (RawPeer p = s.peer()) {
                byte[] message;
                if (i % 2 == 0) {
                    message = p.cookie.encode();
                } else {
                    p.startTest();
                    byte[] json = VALID.getBytes(StandardCharsets.UTF_8);
                    message = java.nio.ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array();
                }
                int sent = 0;
                try {
                    for (; sent < message.length; sent++) {
                        p.write(new byte[] {message[sent]});
                        Thread.sleep(1000);
                    }
                } catch (IOException closed) {
                    // the server closed the connection: what this attack waits for
                }
                assertThat(sent).as("bytes dripped before the server gave up").isLessThan(message.length);
                assertThat(p.readUntilClosed()).isEmpty();
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "no cookie within 2 s", "timed out waiting for parameters");
        s.assertBackToBaseline();
    }

    @Test
    void hundredsOfConnectionsOpenedAndDropped() throws Exception {
        List<Integer> ports = s.underAttack(300, 6, i -> {
            Socket socket = new Socket("127.0.0.1", s.port());
            int port = socket.getLocalPort();
            switch (i % 3) {
                case 0 -> socket.close(); // FIN at once
                case 1 -> { // RST at once
                    socket.setSoLinger(true, 0);
                    socket.close();
                }
                default -> { // part of a cookie, then gone
                    socket.getOutputStream().write("abcdefghij".getBytes(StandardCharsets.US_ASCII));
                    socket.close();
                }
            }
            return port;
        });
        s.assertOneLinePerBadPeer(ports, "closed before sending a cookie", "Connection reset");
        s.assertBackToBaseline();
    }

    @Test
    void randomBytesAfterAValidCookieAreRefusedOnce() throws Exception {
        List<Integer> ports = s.underAttack(20, 4, i -> {
            byte[] junk = new byte[1 + new Random(i).nextInt(8192)];
            new Random(1000 + i).nextBytes(junk);
            junk[0] = 0x7f; // a length far beyond the cap, whatever follows
            try (RawPeer p = s.peer()) {
                p.startTest();
                try {
                    p.write(junk);
                } catch (IOException closedWhileWriting) {
                    // refused before all was written
                }
                p.expectServerErrorThenClose(IECTRLREAD);
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "outside 1..65536");
        s.assertBackToBaseline();
    }

    @Test
    void randomBytesInsteadOfACookieAreLoggedOncePerPeer() throws Exception {
        List<Integer> ports = new ArrayList<>(s.underAttack(20, 4, i -> {
            byte[] junk = new byte[Cookie.WIRE_LENGTH * (1 + i)];
            new Random(i).nextBytes(junk);
            junk[0] = '!'; // never a cookie character
            try (RawPeer p = s.peer()) {
                try {
                    p.write(junk);
                } catch (IOException closedWhileWriting) {
                    // refused before all was written
                }
                assertThat(p.readUntilClosed()).isEmpty();
                return p.localPort();
            }
        }));
        s.assertOneLinePerBadPeer(ports, "not an iperf3 cookie");
        s.assertBackToBaseline();
    }
}
