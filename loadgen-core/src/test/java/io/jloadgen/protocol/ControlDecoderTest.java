package io.jloadgen.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlDecoderTest {

    @Test
    void decodesCookieThenJsonThenStateByteByByte() {
        ControlDecoder decoder = ControlDecoder.forServer();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        Cookie cookie = Cookie.random();
        byte[] json = "{\"tcp\":true,\"time\":1,\"parallel\":2}".getBytes(StandardCharsets.UTF_8);
        ByteBuf wire = Unpooled.buffer().writeBytes(cookie.encode());
        // trickled one byte at a time: nothing is decoded before a message is whole
        for (int i = 0; i < wire.readableBytes(); i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {wire.getByte(i)}));
            if (i < Cookie.WIRE_LENGTH - 1) {
                assertThat((Object) ch.readInbound()).isNull();
            }
        }
        assertThat((Object) ch.readInbound()).isEqualTo(new ControlMessage.CookieMessage(cookie));
        decoder.expectJson(JsonCodec.MAX_PARAMETERS_BYTES);
        ByteBuf frame = Unpooled.buffer().writeInt(json.length).writeBytes(json);
        ch.writeInbound(frame.readRetainedSlice(3));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(frame);
        ControlMessage.JsonMessage m = ch.readInbound();
        assertThat(m.json().get("parallel").intValue()).isEqualTo(2);
        decoder.expectState();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {4}));
        assertThat((Object) ch.readInbound()).isEqualTo(new ControlMessage.StateMessage(State.TEST_END));
        ch.finishAndReleaseAll();
    }

    @Test
    void decodesServerErrorWithCodeAndErrno() {
        EmbeddedChannel ch = new EmbeddedChannel(ControlDecoder.forClient());
        ch.writeInbound(Unpooled.buffer().writeByte(-2).writeInt(114).writeInt(104));
        assertThat((Object) ch.readInbound()).isEqualTo(new ControlMessage.StateMessage(State.SERVER_ERROR, 114, 104));
        ch.writeInbound(Unpooled.buffer().writeByte(-1));
        assertThat((Object) ch.readInbound()).isEqualTo(new ControlMessage.StateMessage(State.ACCESS_DENIED));
        ch.finishAndReleaseAll();
    }

    /** iperf3 3.12's authentication refusal: SERVER_ERROR, the code, no errno, then the end of the stream. */
    @Test
    void decodesAServerErrorWithoutErrnoAtTheEndOfTheStream() {
        EmbeddedChannel ch = new EmbeddedChannel(ControlDecoder.forClient());
        ch.writeInbound(Unpooled.buffer().writeByte(-2).writeInt(142));
        assertThat((Object) ch.readInbound()).as("the errno may still come").isNull();
        ch.pipeline().fireChannelInactive();
        assertThat((Object) ch.readInbound()).isEqualTo(new ControlMessage.StateMessage(State.SERVER_ERROR, 142, 0));
        ch.finishAndReleaseAll();
    }

    /** CVE-2023-38403: the length is unsigned and capped before any buffer is sized. */
    @ParameterizedTest
    @ValueSource(longs = {0L, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, JsonCodec.MAX_PARAMETERS_BYTES + 1L})
    void rejectsJsonLengthsOutsideTheCap(long length) {
        ControlDecoder decoder = ControlDecoder.forServer();
        decoder.expectJson(JsonCodec.MAX_PARAMETERS_BYTES);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.buffer().writeInt((int) length).writeByte('{')))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("JSON length " + length);
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "{\"a\":", "{\"s\":\"\\ud800\"} x", "{\"a\":1,\"a\":2}", "\"text\"",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"})
    void rejectsJsonThatIsNotOneWellFormedObject(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ControlDecoder decoder = ControlDecoder.forServer();
        decoder.expectJson(JsonCodec.MAX_PARAMETERS_BYTES);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.buffer().writeInt(body.length).writeBytes(body)))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(ProtocolException.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void rejectsInvalidUtf8AndLoneSurrogates() throws ProtocolException {
        assertThatThrownBy(() -> JsonCodec.parseObject(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}))
                .isInstanceOf(ProtocolException.class);
        // a lone surrogate escape is legal JSON text: it must parse without harm, never overflow
        assertThat(JsonCodec.parseObject("{\"s\":\"\\ud800\"}".getBytes(StandardCharsets.UTF_8)).get("s").textValue()).hasSize(1);
        assertThatThrownBy(() -> JsonCodec.parseObject("{\"s\":\"\\u12\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class);
    }

    /** Jackson alone decodes overlong forms ({@code C0 AF} as '/') and UTF-8-encoded surrogates; we do not. */
    @ParameterizedTest
    @ValueSource(strings = {"c0af", "e080af", "eda080", "edbfbf", "f4908080", "f8888080af"})
    void rejectsOverlongSurrogateAndOutOfRangeUtf8(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] json = new byte[bad.length + 8];
        System.arraycopy("{\"s\":\"".getBytes(StandardCharsets.US_ASCII), 0, json, 0, 6);
        System.arraycopy(bad, 0, json, 6, bad.length);
        json[json.length - 2] = '"';
        json[json.length - 1] = '}';
        assertThatThrownBy(() -> JsonCodec.parseObject(json))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("invalid UTF-8");
    }

    @Test
    void rejectsRandomBytesAsCookieAndUnknownStates() {
        EmbeddedChannel server = new EmbeddedChannel(ControlDecoder.forServer());
        byte[] junk = new byte[Cookie.WIRE_LENGTH];
        junk[0] = 'G';
        assertThatThrownBy(() -> server.writeInbound(Unpooled.wrappedBuffer(junk))).hasMessageContaining("not an iperf3 cookie");
        EmbeddedChannel client = new EmbeddedChannel(ControlDecoder.forClient());
        assertThatThrownBy(() -> client.writeInbound(Unpooled.wrappedBuffer(new byte[] {42}))).hasMessageContaining("unknown state byte 42");
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }
}
