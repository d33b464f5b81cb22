package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the protocol decoders over arbitrary and mutated input: {@link ControlDecoder},
 * {@link JsonCodec#parseObject}, {@link TestParameters#fromJson} and {@link PeerResults#fromJson} fail only
 * with {@link ProtocolException} (wrapped in Netty's {@link DecoderException} by the decoder), never with
 * anything else, and never allocate more than a small multiple of what they were given, whatever a length
 * field claims. Seeds are fixed so CI sees the same inputs every run; docs/reliability.md says how to run
 * longer locally.
 */
class DecoderPropertiesTest {
    /** Allocation allowed per decode: a fixed allowance (parser buffers, channel) plus a multiple of the input. */
    private static final long ALLOWANCE_BYTES = 4L * 1024 * 1024;
    private static final long PER_INPUT_BYTE = 64;

    enum Expect { COOKIE, STATE_SERVER, STATE_CLIENT, PARAMETERS, RESULTS }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Property(seed = "7250")
    void arbitraryBytesFailOnlyAsProtocolErrors(@ForAll Expect expect, @ForAll @Size(max = 4096) byte[] input,
                                               @ForAll @IntRange(min = 1, max = 512) int chunk) {
        decodeChecked(expect, input, chunk);
    }

    /** Arbitrary bytes behind a length prefix that is in range, so the JSON parser sees them. */
    @Property(seed = "4303")
    void arbitraryFramedBytesFailOnlyAsProtocolErrors(@ForAll @Size(min = 1, max = 4096) byte[] body,
                                                      @ForAll boolean results) {
        byte[] frame = java.nio.ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
        decodeChecked(results ? Expect.RESULTS : Expect.PARAMETERS, frame, frame.length);
    }

    @Property(seed = "38403")
    void mutatedValidMessagesFailOnlyAsProtocolErrors(@ForAll("validMessages") String message, @ForAll boolean results,
                                                      @ForAll @Size(max = 6) List<@net.jqwik.api.From("mutations") Mutation> mutations,
                                                      @ForAll boolean keepLength) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        for (Mutation m : mutations) {
            body = m.apply(body);
        }
        int declared = keepLength ? message.getBytes(StandardCharsets.UTF_8).length : body.length;
        byte[] frame = java.nio.ByteBuffer.allocate(4 + body.length).putInt(declared).put(body).array();
        decodeChecked(results ? Expect.RESULTS : Expect.PARAMETERS, frame, 1 + frame.length / 3);
    }

    /** Well-formed JSON of every shape, with the keys the decoders look for: type confusion (CVE-2024-53580). */
    @Property(seed = "53580")
    void arbitraryJsonObjectsFailOnlyAsProtocolErrors(@ForAll("jsonObjects") ObjectNode json) {
        byte[] body = JsonCodec.toBytes(json);
        byte[] frame = java.nio.ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
        decodeChecked(Expect.PARAMETERS, frame, frame.length);
        decodeChecked(Expect.RESULTS, frame, frame.length);
    }

    @Property(seed = "2029")
    void validParametersRoundTrip(@ForAll("parameters") TestParameters p) throws ProtocolException {
        byte[] body = JsonCodec.toBytes(p.toJson());
        assertThat(TestParameters.fromJson(JsonCodec.parseObject(body))).isEqualTo(p);
    }

    private static final java.security.interfaces.RSAPrivateKey AUTH_KEY = rsaKey();

    private static java.security.interfaces.RSAPrivateKey rsaKey() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, new java.security.SecureRandom(new byte[] {42}));
            return (java.security.interfaces.RSAPrivateKey) g.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CVE-2025-54349/54350: any token text, or any bytes of the key's size, is refused only as a ProtocolException. */
    @Property(seed = "54349", tries = 200)
    void arbitraryAuthTokensFailOnlyAsProtocolErrors(@ForAll @Size(max = 400) String text,
                                                    @ForAll @Size(min = 256, max = 256) byte[] block,
                                                    @ForAll boolean pkcs1) {
        for (String token : List.of(text, java.util.Base64.getEncoder().encodeToString(block))) {
            try {
                AuthToken.decrypt(token, AUTH_KEY, pkcs1);
            } catch (ProtocolException expected) {
                // refused with a reason
            }
        }
    }

    // ---- the check every property shares

    private static void decodeChecked(Expect expect, byte[] input, int chunk) {
        long cap = ALLOWANCE_BYTES + PER_INPUT_BYTE * input.length;
        long allocated = decodeCounting(expect, input, chunk);
        if (allocated > cap) {
            // the first decode of a kind may load classes and fill caches: a real over-allocation repeats
            allocated = decodeCounting(expect, input, chunk);
        }
        assertThat(allocated).as("bytes allocated decoding %d input bytes", input.length).isLessThanOrEqualTo(cap);
    }

    /** Decodes {@code input} in chunks, checking every failure; returns the bytes this thread allocated. */
    private static long decodeCounting(Expect expect, byte[] input, int chunk) {
        long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        ControlDecoder decoder = expect == Expect.STATE_CLIENT ? ControlDecoder.forClient() : ControlDecoder.forServer();
        switch (expect) {
            case STATE_SERVER -> decoder.expectState();
            case PARAMETERS -> decoder.expectJson(JsonCodec.MAX_PARAMETERS_BYTES);
            case RESULTS -> decoder.expectJson(JsonCodec.MAX_RESULTS_BYTES);
            default -> { }
        }
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        try {
            for (int at = 0; at < input.length && ch.isOpen(); at += chunk) {
                ByteBuf piece = Unpooled.wrappedBuffer(input, at, Math.min(chunk, input.length - at));
                try {
                    ch.writeInbound(piece);
                } catch (DecoderException e) {
                    assertThat(e.getCause()).as("cause of %s", e).isInstanceOf(ProtocolException.class);
                    break; // the owner closes the connection at the first error
                }
                Object msg;
                while ((msg = ch.readInbound()) != null) {
                    if (msg instanceof ControlMessage.JsonMessage j) {
                        decodeAsPeerJson(j.json());
                    }
                }
            }
        } finally {
            ch.finishAndReleaseAll();
        }
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    private static void decodeAsPeerJson(JsonNode json) {
        try {
            TestParameters.fromJson(json);
        } catch (ProtocolException expected) {
            // refused with a reason: fine
        }
        try {
            PeerResults.fromJson(json);
        } catch (ProtocolException expected) {
            // refused with a reason: fine
        }
    }

    // ---- generators

    private static final List<String> VALID = List.of(
            "{\"tcp\":true,\"omit\":0,\"time\":1,\"num\":0,\"blockcount\":0,\"parallel\":2,\"len\":131072,"
                    + "\"pacing_timer\":1000,\"client_version\":\"3.12\"}",
            "{\"tcp\":true,\"omit\":2,\"time\":10,\"num\":0,\"blockcount\":0,\"parallel\":4,\"reverse\":1,\"window\":262144,"
                    + "\"len\":131072,\"bandwidth\":100000000,\"pacing_timer\":1000,\"title\":\"guest 1\","
                    + "\"congestion\":\"cubic\",\"get_server_output\":1,\"client_version\":\"3.12\",\"jloadgen\":1}",
            "{\"udp\":true,\"omit\":0,\"time\":5,\"num\":0,\"blockcount\":0,\"parallel\":1,\"bidirectional\":true,\"len\":1460,"
                    + "\"bandwidth\":1048576,\"pacing_timer\":1000,\"udp_counters_64bit\":1,\"client_version\":\"3.12\"}",
            "{\"cpu_util_total\":12.5,\"cpu_util_user\":2.5,\"cpu_util_system\":10,\"sender_has_retransmits\":1,"
                    + "\"congestion_used\":\"cubic\",\"streams\":[{\"id\":1,\"bytes\":123456789,\"retransmits\":0,"
                    + "\"jitter\":0,\"errors\":0,\"packets\":0,\"start_time\":0,\"end_time\":1.000121}]}",
            "{\"cpu_util_total\":1,\"cpu_util_user\":0.5,\"cpu_util_system\":0.5,\"sender_has_retransmits\":18446744073709551615,"
                    + "\"streams\":[{\"id\":1,\"bytes\":5,\"retransmits\":18446744073709551615,\"jitter\":0,\"errors\":0,"
                    + "\"packets\":0},{\"id\":3,\"bytes\":7,\"retransmits\":2,\"jitter\":0.1,\"errors\":1,\"packets\":9}],"
                    + "\"server_output_text\":\"Accepted connection\\n\",\"server_output_json\":{\"start\":{}}}");

    @Provide
    Arbitrary<String> validMessages() {
        return Arbitraries.of(VALID);
    }

    /** One edit of a message: flip, insert, delete, truncate or duplicate at a relative position. */
    record Mutation(int kind, double at, byte value, int span) {
        byte[] apply(byte[] b) {
            int pos = (int) (at * b.length);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            switch (kind) {
                case 0 -> { // replace one byte
                    byte[] c = b.clone();
                    if (c.length > 0) {
                        c[Math.min(pos, c.length - 1)] = value;
                    }
                    return c;
                }
                case 1 -> { // insert
                    out.write(b, 0, pos);
                    for (int i = 0; i < span; i++) {
                        out.write(value);
                    }
                    out.write(b, pos, b.length - pos);
                }
                case 2 -> { // delete
                    int end = Math.min(b.length, pos + span);
                    out.write(b, 0, pos);
                    out.write(b, end, b.length - end);
                }
                case 3 -> out.write(b, 0, pos); // truncate
                default -> { // duplicate a span (nesting and repetition)
                    int end = Math.min(b.length, pos + span);
                    out.write(b, 0, end);
                    out.write(b, pos, b.length - pos);
                }
            }
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Byte> interesting = Arbitraries.oneOf(
                Arbitraries.bytes(),
                Arbitraries.of((byte) '{', (byte) '}', (byte) '[', (byte) ']', (byte) '"', (byte) '\\', (byte) ':',
                        (byte) ',', (byte) '-', (byte) '9', (byte) 'e', (byte) 'u', (byte) 0, (byte) 0xC0, (byte) 0xED, (byte) 0xFF));
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                interesting, Arbitraries.integers().between(1, 64)).as(Mutation::new);
    }

    private static final List<String> KEYS = List.of("tcp", "udp", "sctp", "omit", "time", "num", "blockcount", "parallel",
            "reverse", "bidirectional", "window", "len", "bandwidth", "MSS", "nodelay", "congestion", "title",
            "get_server_output", "client_version", "jloadgen", "cpu_util_total", "cpu_util_user", "cpu_util_system",
            "sender_has_retransmits", "congestion_used", "streams", "server_output_text", "server_output_json",
            "id", "bytes", "retransmits", "jitter", "errors", "packets", "start_time", "end_time");

    @Provide
    Arbitrary<ObjectNode> jsonObjects() {
        return objectOf(3);
    }

    private Arbitrary<ObjectNode> objectOf(int depth) {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.of(KEYS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
        Arbitrary<JsonNode> value = valueOf(depth);
        return Combinators.combine(key.list().ofMaxSize(10), value.list().ofSize(10)).as((keys, values) -> {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < keys.size(); i++) {
                o.set(keys.get(i), values.get(i));
            }
            return o;
        });
    }

    private Arbitrary<JsonNode> valueOf(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<Arbitrary<? extends JsonNode>> choices = new ArrayList<>(List.of(
                Arbitraries.just(f.nullNode()),
                Arbitraries.of(true, false).map(f::booleanNode),
                Arbitraries.integers().map(f::numberNode),
                Arbitraries.of(0L, 1L, -1L, 128L, 129L, Long.MAX_VALUE, Long.MIN_VALUE, 86_400L, 86_401L,
                        (long) Integer.MAX_VALUE + 1, 1L << 30, (1L << 30) + 1, 16L * 1024 * 1024 + 1).map(f::numberNode),
                Arbitraries.of(new BigInteger("18446744073709551615"), new BigInteger("9223372036854775808"),
                        BigInteger.TEN.pow(39)).map(f::numberNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(1e300, -0.0, 0.5, 1e-300, 1.5).map(f::numberNode),
                Arbitraries.strings().ofMaxLength(300).map(f::textNode)));
        if (depth > 0) {
            choices.add(Arbitraries.lazy(() -> objectOf(depth - 1)));
            choices.add(Arbitraries.lazy(() -> valueOf(depth - 1)).list().ofMaxSize(4).map(items -> {
                ArrayNode a = f.arrayNode();
                items.forEach(a::add);
                return a;
            }));
        }
        @SuppressWarnings("unchecked")
        Arbitrary<JsonNode>[] all = choices.toArray(new Arbitrary[0]);
        return Arbitraries.oneOf(List.of(all));
    }

    @Provide
    Arbitrary<TestParameters> parameters() {
        Arbitrary<int[]> ints = Combinators.combine(
                Arbitraries.integers().between(0, 600), Arbitraries.integers().between(1, TestParameters.MAX_TIME_S),
                Arbitraries.integers().between(1, TestParameters.MAX_PARALLEL), Arbitraries.integers().between(0, 1 << 30),
                Arbitraries.integers().between(1, TestParameters.MAX_LEN), Arbitraries.integers().between(0, 65_535))
                .as((omit, time, parallel, window, len, mss) -> new int[] {omit, time, parallel, window, len, mss});
        Arbitrary<boolean[]> flags = Arbitraries.of(true, false).array(boolean[].class).ofSize(6);
        Arbitrary<String> title = Arbitraries.strings().ofMaxLength(256).injectNull(0.3);
        return Combinators.combine(ints, flags, Arbitraries.longs().between(0, 1_000_000_000_000L), title)
                // a UDP datagram must hold iperf3's 12-byte header and fit in 65507 bytes, so UDP lengths stay in that range
                .as((i, b, bandwidth, t) -> new TestParameters(b[0], i[0], i[1], 0, 0, i[2], b[1], b[2], i[3],
                        b[0] ? UdpHeader.length(false) + i[4] % (UdpHeader.MAX_DATAGRAM - UdpHeader.length(false) + 1) : i[4],
                        bandwidth, i[5], b[3], b[4] ? "cubic" : null, t, b[5], "3.12", b[4], false, i[5] % 256, bandwidth / 3, b[3], t));
    }
}
