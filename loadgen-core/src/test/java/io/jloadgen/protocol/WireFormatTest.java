package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {

    @Test
    void cookieIs36BaseThirtyTwoCharactersAndANul() {
        Cookie c = Cookie.random();
        byte[] wire = c.encode();
        assertThat(wire).hasSize(37);
        assertThat(wire[36]).isZero();
        assertThat(new String(wire, 0, 36, StandardCharsets.US_ASCII)).matches("[a-z2-7]{36}");
        assertThat(Cookie.decode(wire)).isEqualTo(c);
        wire[36] = 'a';
        assertThat(Cookie.decode(wire)).isNull();
    }

    @Test
    void statesEncodeAsIperf3Codes() {
        ByteBuf b = ControlEncoder.state(ByteBufAllocator.DEFAULT, State.EXCHANGE_RESULTS);
        assertThat(b.readableBytes()).isEqualTo(1);
        assertThat(b.getByte(0)).isEqualTo((byte) 13);
        b.release();
        ByteBuf e = ControlEncoder.serverError(ByteBufAllocator.DEFAULT, 114, 0);
        assertThat(e.readableBytes()).isEqualTo(9);
        assertThat(e.getByte(0)).isEqualTo((byte) -2);
        assertThat(e.getInt(1)).isEqualTo(114);
        e.release();
        assertThat(State.of((byte) 9)).isEqualTo(State.PARAM_EXCHANGE);
        assertThat(State.of((byte) 0)).isNull();
        assertThat(State.of((byte) 17)).isNull();
    }

    @Test
    void jsonFrameIsBigEndianLengthThenBody() throws Exception {
        JsonNode json = JsonCodec.parseObject("{\"tcp\":true}".getBytes(StandardCharsets.UTF_8));
        ByteBuf b = ControlEncoder.json(ByteBufAllocator.DEFAULT, json);
        assertThat(b.getInt(0)).isEqualTo(12);
        assertThat(b.toString(4, 12, StandardCharsets.UTF_8)).isEqualTo("{\"tcp\":true}");
        b.release();
    }

    @Test
    void parametersFromIperf3ClientDecode() throws Exception {
        String iperf3 = "{\"tcp\":true,\"omit\":0,\"time\":1,\"num\":0,\"blockcount\":0,\"parallel\":2,\"len\":131072,"
                + "\"pacing_timer\":1000,\"client_version\":\"3.12\"}";
        TestParameters p = TestParameters.fromJson(JsonCodec.parseObject(iperf3.getBytes(StandardCharsets.UTF_8)));
        assertThat(p.parallel()).isEqualTo(2);
        assertThat(p.timeS()).isEqualTo(1);
        assertThat(p.len()).isEqualTo(131072);
        assertThat(p.reverse()).isFalse();
        assertThat(p.jloadgenPeer()).isFalse();
        assertThat(p.clientVersion()).isEqualTo("3.12");
        TestParameters again = TestParameters.fromJson(p.toJson());
        assertThat(again).isEqualTo(p);
    }

    /** CVE-2024-53580: every parameter is type- and range-checked. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"tcp\":true,\"parallel\":\"2\"}", "{\"tcp\":true,\"parallel\":null}", "{\"tcp\":true,\"parallel\":0}",
            "{\"tcp\":true,\"parallel\":100000}", "{\"tcp\":true,\"len\":-1}", "{\"tcp\":true,\"len\":1e300}",
            "{\"tcp\":true,\"time\":-5}", "{\"tcp\":true,\"time\":99999999999}", "{\"tcp\":true,\"window\":-1}",
            "{\"tcp\":true,\"bandwidth\":-1}", "{\"tcp\":true,\"reverse\":\"yes\"}", "{\"tcp\":true,\"time\":0}",
            "{\"tcp\":true,\"udp\":true}", "{\"sctp\":true}", "{\"tcp\":true,\"congestion\":\"aaaaaaaaaaaaaaaaaaaaaaaa\"}",
            "{\"tcp\":true,\"title\":7}", "{\"tcp\":true,\"fqrate\":-8}", "{\"tcp\":true,\"dont_fragment\":2}",
            "{\"tcp\":true,\"extra_data\":[1]}"})
    void badParametersAreRefusedWithAReason(String json) {
        assertThatThrownBy(() -> TestParameters.fromJson(JsonCodec.parseObject(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void extraDataIsBounded() throws Exception {
        String longest = "{\"tcp\":true,\"extra_data\":\"" + "x".repeat(TestParameters.MAX_EXTRA_DATA) + "\"}";
        assertThat(TestParameters.fromJson(JsonCodec.parseObject(longest.getBytes(StandardCharsets.UTF_8))).extraData())
                .hasSize(TestParameters.MAX_EXTRA_DATA);
        String tooLong = longest.replace("x\"", "xx\"");
        assertThatThrownBy(() -> TestParameters.fromJson(JsonCodec.parseObject(tooLong.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("extra_data");
    }

    @Test
    void resultsRoundTripAndAcceptUnsignedMinusOne() throws Exception {
        PeerResults r = new PeerResults(12.5, 2.5, 10, 1, "cubic",
                List.of(new StreamResult(1, 1000, 3, 0, 0, 0, 0, 1.5), new StreamResult(3, 2000, 0, 0, 0, 0, 0, 1.5)),
                null, null);
        PeerResults back = PeerResults.fromJson(r.toJson());
        assertThat(back).isEqualTo(r);
        assertThat(back.bytes()).isEqualTo(3000);
        String fromOldPeer = "{\"cpu_util_total\":1,\"cpu_util_user\":0.5,\"cpu_util_system\":0.5,"
                + "\"sender_has_retransmits\":18446744073709551615,\"streams\":[{\"id\":1,\"bytes\":5,"
                + "\"retransmits\":18446744073709551615,\"jitter\":0,\"errors\":0,\"packets\":0}]}";
        PeerResults old = PeerResults.fromJson(JsonCodec.parseObject(fromOldPeer.getBytes(StandardCharsets.UTF_8)));
        assertThat(old.senderHasRetransmits()).isEqualTo(-1);
        assertThat(old.streams().get(0).retransmits()).isEqualTo(-1);
    }

    @Test
    void streamIdsFollowIperf3Numbering() {
        assertThat(List.of(StreamResult.idOf(0), StreamResult.idOf(1), StreamResult.idOf(2), StreamResult.idOf(3)))
                .containsExactly(1, 3, 4, 5);
    }
}
