package io.jloadgen.hostile;

import io.jloadgen.protocol.JsonCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One named regression test per published iperf3 flaw whose shape reaches a jloadgen server
 * (/work/shared/reference/iperf3-advisories.md). Each sends the shape over loopback to a running server
 * while a jloadgen client and the stock iperf3 client complete a test on it, then checks the peer got an
 * error state or a closed connection, one log line, and the server is back at its baseline (so nothing
 * large was allocated and kept).
 */
@Timeout(90)
class AdvisoryRegressionTest {
    private static final int IECTRLREAD = 108;
    private static final int IERECVPARAMS = 114;

    private AttackedServer s;

    @BeforeEach
    void start() {
        s = AttackedServer.start();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    /** Parameters as bytes: a template with the attack's raw bytes in the title. */
    private static byte[] parametersWithTitle(byte[] rawTitle) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"tcp\":true,\"time\":1,\"parallel\":1,\"title\":\"".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(rawTitle);
        b.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    @Test
    @DisplayName("CVE-2016-4303: crafted \\u escapes and invalid UTF-8 in the parameters")
    void cve_2016_4303_craftedUnicodeEscapes() throws Exception {
        byte[][] refused = {
                "\\u12".getBytes(StandardCharsets.US_ASCII),                    // truncated escape
                "\\u".getBytes(StandardCharsets.US_ASCII),                      // escape with no digits
                "\\uzzzz".getBytes(StandardCharsets.US_ASCII),                  // not hex
                {(byte) 0xC3},                                                   // truncated UTF-8 sequence
                {(byte) 0xC0, (byte) 0xAF},                                      // overlong encoding of '/'
                {(byte) 0xFF, (byte) 0xFE},                                      // never valid in UTF-8
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},                         // a surrogate encoded as UTF-8
                "\\ud800".repeat(10_000).getBytes(StandardCharsets.US_ASCII),   // 60 KB of lone surrogates
        };
        byte[][] accepted = {
                "\\ud800".getBytes(StandardCharsets.US_ASCII),                  // lone high surrogate: legal JSON
                "\\udc00\\ud800".getBytes(StandardCharsets.US_ASCII),           // reversed pair
                "\\u0000".getBytes(StandardCharsets.US_ASCII),                  // NUL inside a string
        };
        List<Integer> ports = s.underAttack(refused.length + accepted.length, 4, i -> {
            try (RawPeer p = s.peer()) {
                p.startTest();
                if (i < refused.length) {
                    byte[] json = parametersWithTitle(refused[i]);
                    p.writeInt(json.length).write(json);
                    byte[] reply = p.readUntilClosed();
                    assertThat(reply).as("reply to title #%d", i).hasSize(9);
                    assertThat(reply[0]).isEqualTo((byte) RawPeer.SERVER_ERROR);
                    // malformed text fails in the JSON reader, a too-long title in the parameter check
                    assertThat(RawPeer.errorCode(reply)).isIn(IECTRLREAD, IERECVPARAMS);
                } else {
                    byte[] json = parametersWithTitle(accepted[i - refused.length]);
                    p.writeInt(json.length).write(json);
                    p.expectState(RawPeer.CREATE_STREAMS); // parsed without harm; the peer then leaves
                }
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "hex-digit", "invalid UTF-8", "parameter 'title' longer than",
                "the client closed the control connection");
        s.assertBackToBaseline();
    }

    @Test
    @DisplayName("CVE-2023-38403: crafted 4-byte JSON lengths, for the parameters and for the results")
    void cve_2023_38403_jsonLengthOverflow() throws Exception {
        long[] lengths = {0L, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, JsonCodec.MAX_PARAMETERS_BYTES + 1L};
        List<Integer> ports = s.underAttack(lengths.length + 2, 4, i -> {
            try (RawPeer p = s.peer()) {
                p.startTest();
                if (i < lengths.length) {
                    p.writeInt((int) lengths[i]).write("{\"tcp\":true}".getBytes(StandardCharsets.US_ASCII));
                    p.expectServerErrorThenClose(IECTRLREAD);
                    return p.localPort();
                }
                // the results frame, after a real (short) test: over its 8 MiB cap, or 0xFFFFFFFF
                p.sendParameters("{\"tcp\":true,\"time\":1,\"parallel\":1,\"len\":131072}");
                try (RawPeer data = s.peer()) {
                    data.write(p.cookie.encode()).write(new byte[64 * 1024]);
                    p.expectState(1); // TEST_START
                    p.expectState(2); // TEST_RUNNING
                    p.write(new byte[] {4}); // TEST_END
                    p.expectState(13); // EXCHANGE_RESULTS
                    p.writeInt(i == lengths.length ? JsonCodec.MAX_RESULTS_BYTES + 1 : 0xFFFFFFFF);
                    p.expectServerErrorThenClose(IECTRLREAD);
                }
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "JSON length");
        s.assertBackToBaseline();
    }

    @Test
    @DisplayName("CVE-2023-7250: partial messages then silence do not hold the server")
    void cve_2023_7250_partialMessageThenSilence() throws Exception {
        // all 12 hang at once while the legitimate tests run; each is dropped at its deadline
        List<Integer> ports = s.underAttack(12, 12, i -> {
            try (RawPeer p = s.peer()) {
                switch (i % 4) {
                    case 0 -> p.write(java.util.Arrays.copyOf(p.cookie.encode(), 1 + i));     // part of a cookie
                    case 1 -> p.write(p.cookie.encode());                                      // a cookie, then nothing
                    case 2 -> p.startTest().writeInt(100).write("{\"tcp\":".getBytes(StandardCharsets.US_ASCII)); // part of the parameters
                    default -> p.startTest().write(new byte[] {0, 0});                        // half of a length
                }
                byte[] reply = p.readUntilClosed();
                assertThat(reply).as("the server only ever asked for parameters").satisfiesAnyOf(r -> assertThat(r).isEmpty(), r -> assertThat(r).containsExactly(RawPeer.PARAM_EXCHANGE));
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "no cookie within", "timed out waiting for parameters");
        s.assertBackToBaseline();
    }

    @Test
    @DisplayName("CVE-2024-53580: crafted parameters of the wrong type or range, over the wire")
    void cve_2024_53580_craftedParameters() throws Exception {
        // shapes beyond WireFormatTest's decoder-level list, each sent to a running server
        String[] crafted = {
                "{\"tcp\":true,\"parallel\":[1,2]}", "{\"tcp\":true,\"parallel\":{\"n\":1}}", "{\"tcp\":true,\"parallel\":1.5}",
                "{\"tcp\":true,\"parallel\":-2147483648}", "{\"tcp\":true,\"len\":2147483648}", "{\"tcp\":true,\"len\":0}",
                "{\"tcp\":true,\"time\":9223372036854775808}", "{\"tcp\":true,\"omit\":-1}", "{\"tcp\":true,\"num\":-1}",
                "{\"tcp\":true,\"blockcount\":1e30}", "{\"tcp\":true,\"MSS\":70000}", "{\"tcp\":true,\"window\":\"64K\"}",
                "{\"tcp\":true,\"bandwidth\":1e19}", "{\"tcp\":true,\"bandwidth\":null}", "{\"tcp\":true,\"time\":0,\"num\":0}",
                "{\"tcp\":true,\"udp\":false,\"sctp\":true}", "{\"tcp\":true,\"client_version\":\"" + "9".repeat(100) + "\"}",
                "{\"tcp\":true,\"congestion\":[\"cubic\"]}",
        };
        List<Integer> ports = s.underAttack(crafted.length, 4, i -> {
            try (RawPeer p = s.peer()) {
                p.startTest().writeJson(crafted[i]);
                p.expectServerErrorThenClose(IERECVPARAMS);
                return p.localPort();
            }
        });
        s.assertOneLinePerBadPeer(ports, "bad parameters");
        s.assertBackToBaseline();
    }

    @Test
    @DisplayName("esnet/iperf#1567 shape: a parameters frame split byte by byte is still one message")
    void parametersTrickledByteByByteStillWork() throws IOException {
        // not an attack: the bounded decoder must still accept a legitimate but fragmented frame
        try (RawPeer p = s.peer()) {
            p.startTest();
            byte[] json = "{\"tcp\":true,\"time\":1,\"parallel\":1}".getBytes(StandardCharsets.US_ASCII);
            byte[] frame = java.nio.ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array();
            for (byte b : frame) {
                p.write(new byte[] {b});
            }
            p.expectState(RawPeer.CREATE_STREAMS);
        }
    }
}
