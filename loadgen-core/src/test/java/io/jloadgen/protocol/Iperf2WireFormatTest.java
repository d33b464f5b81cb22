package io.jloadgen.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** iperf 2's headers, checked against bytes captured from iperf 2.1.8 on loopback (2026-11-27). */
class Iperf2WireFormatTest {
    /** {@code iperf -c 127.0.0.1 -p 5999 -t 1 -l 200 -P 2}: the first 60 bytes of each connection. */
    private static final String IPERF_218_P2 = "40010078000000020000176f000000c800000000ffffff9c"
            + "000000000000000000000000000200010008000300000000000000000000000000000000";
    /** {@code iperf -c 127.0.0.1 -p 5999 -t 1 --bounceback -l 64}: the whole first request. */
    private static final String IPERF_218_BOUNCEBACK = "00800000000000400000000180005a5a00000000"
            + "6b094cb50006af67ffffffffffffffffffffffffffffffff000000005a5a5a5a5a5a5a5a5a5a5a5a30313233";

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }

    @Test
    void decodesIperf218TestHeader() throws ProtocolException {
        ByteBuf in = hex(IPERF_218_P2);
        assertThat(Iperf2Header.classify(in.getInt(0))).isEqualTo(Iperf2Header.Kind.IPERF2_TEST);
        assertThat(Iperf2Header.lengthOf(in.getInt(0))).isEqualTo(60);
        Iperf2Header h = Iperf2Header.decode(in);
        assertThat(h).isEqualTo(new Iperf2Header(0x40010078, 60, 2, 5999, 200, -100));
        assertThat(h.durationMs()).isEqualTo(1000);
        assertThat(h.wantsAck()).isTrue();
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void encodesWhatIperf218Sends() {
        ByteBuf out = Unpooled.buffer();
        Iperf2Header.encodeClient(out, 2, 5999, 200, 1000, 0);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(IPERF_218_P2);
        ByteBuf ack = Unpooled.buffer();
        Iperf2Header.encodeAck(ack);
        assertThat(ByteBufUtil.hexDump(ack)).isEqualTo("000000020000001c00000000000200010008000300000000" + "00000000");
    }

    @Test
    void tellsCookiesIperf2AndGarbageApart() {
        assertThat(Iperf2Header.classify(ascii4("abz2"))).isEqualTo(Iperf2Header.Kind.IPERF3_COOKIE);
        assertThat(Iperf2Header.classify(0x00800000)).isEqualTo(Iperf2Header.Kind.IPERF2_BOUNCEBACK);
        assertThat(Iperf2Header.classify(0x40010078)).isEqualTo(Iperf2Header.Kind.IPERF2_TEST);
        assertThat(Iperf2Header.classify(0x80000000)).isEqualTo(Iperf2Header.Kind.IPERF2_TEST); // v1, refused by decode
        assertThat(Iperf2Header.classify(0)).isEqualTo(Iperf2Header.Kind.UNKNOWN);
        assertThat(Iperf2Header.classify(0x20000000 | 0x40000000)).isEqualTo(Iperf2Header.Kind.UNKNOWN); // UDP
        assertThat(Iperf2Header.classify(0x40010000 | (10 << 1))).isEqualTo(Iperf2Header.Kind.UNKNOWN); // 10-byte header
        assertThat(Iperf2Header.classify(ascii4("GET "))).isEqualTo(Iperf2Header.Kind.UNKNOWN);
    }

    private static int ascii4(String ascii) {
        return Unpooled.wrappedBuffer(ascii.getBytes(StandardCharsets.US_ASCII)).getInt(0);
    }

    @Test
    void refusesModesWhereTheServerWouldSendAndAbsurdThreadCounts() {
        ByteBuf dual = Unpooled.buffer();
        dual.writeInt(0x80000001).writeInt(1).writeInt(5001).writeInt(8192).writeInt(0).writeInt(-1000);
        assertThatThrownBy(() -> Iperf2Header.decode(dual)).hasMessageContaining("dual test");
        ByteBuf threads = hex(IPERF_218_P2);
        threads.setInt(4, 100_000);
        assertThatThrownBy(() -> Iperf2Header.decode(threads)).hasMessageContaining("100000 threads");
        ByteBuf reverse = hex(IPERF_218_P2);
        reverse.setShort(32, Iperf2Header.UPPER_REVERSE);
        assertThatThrownBy(() -> Iperf2Header.decode(reverse)).hasMessageContaining("reverse");
        assertThatThrownBy(() -> Iperf2Header.decode(hex(IPERF_218_P2.substring(0, 80))))
                .hasMessageContaining("60 bytes, 40 given");
    }

    @Test
    void decodesIperf218BouncebackRequest() throws ProtocolException {
        ByteBuf in = hex(IPERF_218_BOUNCEBACK);
        assertThat(BouncebackHeader.decode(in)).isEqualTo(new BouncebackHeader(64, 1, BouncebackHeader.QUICKACK, 0, 0));
        assertThat(BouncebackHeader.isStop(in, 0)).isFalse();
    }

    @Test
    void stampsRequestsAsIperf218Does() {
        ByteBuf ours = Unpooled.buffer(64);
        BouncebackHeader.fillRequest(ours, 64);
        BouncebackHeader.stampRequest(ours, 64, 1, true, 0, 0, 0x6b094cb5L * 1_000_000 + 0x0006af67);
        ByteBuf theirs = hex(IPERF_218_BOUNCEBACK);
        theirs.setShort(14, 0x5a5a); // iperf leaves the TOS field as filler; so do we
        assertThat(ByteBufUtil.hexDump(ours)).isEqualTo(ByteBufUtil.hexDump(theirs));
        BouncebackHeader.stampServerReceive(ours, 0, 2_000_003);
        BouncebackHeader.stampServerSend(ours, 0, 3_000_004);
        assertThat(ours.getInt(28)).isEqualTo(2);
        assertThat(ours.getInt(32)).isEqualTo(3);
        assertThat(ours.getInt(36)).isEqualTo(3);
        assertThat(ours.getInt(40)).isEqualTo(4);
    }

    /** iperf 2.1.8's client with {@code --tos 0x28}: the TOS flag in the bounceback flags and the byte in its field. */
    @Test
    void carriesTheTosTheServerShouldMarkRepliesWith() throws ProtocolException {
        ByteBuf ours = Unpooled.buffer(64);
        BouncebackHeader.fillRequest(ours, 64);
        BouncebackHeader.stampRequest(ours, 64, 7, true, 0, 0x28, 0);
        assertThat(ours.getUnsignedShort(12)).isEqualTo(BouncebackHeader.QUICKACK | BouncebackHeader.TOS);
        assertThat(ours.getUnsignedShort(14)).isEqualTo(0x28);
        assertThat(BouncebackHeader.decode(ours).tos()).isEqualTo(0x28);
        BouncebackHeader.stampRequest(ours, 64, 8, true, 0, 0, 0);
        assertThat(ours.getUnsignedShort(12)).isEqualTo(BouncebackHeader.QUICKACK);
        assertThat(BouncebackHeader.decode(ours).tos()).as("the field without the flag means nothing").isZero();
    }

    @Test
    void refusesBadBouncebackHeaders() {
        ByteBuf zero = hex(IPERF_218_BOUNCEBACK);
        zero.setInt(4, 0);
        assertThatThrownBy(() -> BouncebackHeader.decode(zero)).hasMessage("bounceback size 0 outside 64..65536");
        ByteBuf huge = hex(IPERF_218_BOUNCEBACK);
        huge.setInt(4, -1);
        assertThatThrownBy(() -> BouncebackHeader.decode(huge)).hasMessage("bounceback size 4294967295 outside 64..65536");
        ByteBuf hold = hex(IPERF_218_BOUNCEBACK);
        hold.setInt(44, -5);
        assertThatThrownBy(() -> BouncebackHeader.decode(hold)).hasMessage("negative bounceback hold -5 us");
        ByteBuf longHold = hex(IPERF_218_BOUNCEBACK);
        longHold.setInt(44, 10_000_001);
        assertThatThrownBy(() -> BouncebackHeader.decode(longHold)).hasMessageContaining("above 10000000");
        assertThatThrownBy(() -> BouncebackHeader.decode(hex(IPERF_218_BOUNCEBACK.substring(0, 90))))
                .hasMessageContaining("shorter");
    }
}
