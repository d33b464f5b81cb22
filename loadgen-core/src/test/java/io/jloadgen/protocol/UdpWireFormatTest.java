package io.jloadgen.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** iperf3's UDP header and the receiver's loss, order and jitter accounting (iperf_udp.c semantics). */
class UdpWireFormatTest {
    private static ByteBuf datagram(long sendMicros, long sequence, boolean counters64, int size) {
        ByteBuf b = Unpooled.buffer(size).writeZero(size);
        UdpHeader.encode(b, sendMicros, sequence, counters64);
        return b;
    }

    @Test
    void headerIsBigEndianSecondsMicrosecondsSequence() {
        ByteBuf b = datagram(8_400_123_456L, 7, false, 12);
        assertThat(b.getInt(0)).isEqualTo(8400);
        assertThat(b.getInt(4)).isEqualTo(123_456);
        assertThat(b.getInt(8)).isEqualTo(7);
        assertThat(UdpHeader.sequence(b, false)).isEqualTo(7);
        assertThat(UdpHeader.sendMicros(b, false)).isEqualTo(8_400_123_456L);
        ByteBuf wide = datagram(1_000_001, 1L << 40, true, 16);
        assertThat(wide.getLong(8)).isEqualTo(1L << 40);
        assertThat(UdpHeader.sequence(wide, true)).isEqualTo(1L << 40);
    }

    @Test
    void thirtyTwoBitFieldsReadUnsigned() {
        ByteBuf b = Unpooled.buffer(12).writeInt(0xFFFF_FFFF).writeInt(999_999).writeInt(0xFFFF_FFFE);
        assertThat(UdpHeader.sequence(b, false)).isEqualTo(0xFFFF_FFFEL);
        assertThat(UdpHeader.sendMicros(b, false)).isEqualTo(0xFFFF_FFFFL * 1_000_000 + 999_999);
    }

    @Test
    void negativeClockStillGivesMicrosecondsInRange() {
        ByteBuf b = datagram(-1, 1, false, 12);
        assertThat(b.getInt(4)).isEqualTo(999_999);
    }

    @Test
    void connectMessagesAreIperf3sBytesOnTheWire() {
        ByteBuf msg = Unpooled.buffer(4).writeInt(UdpHeader.CONNECT_MSG_WIRE);
        assertThat(msg.array()).containsExactly(0x39, 0x38, 0x37, 0x36);
        ByteBuf reply = Unpooled.buffer(4).writeInt(UdpHeader.CONNECT_REPLY_WIRE);
        assertThat(reply.array()).containsExactly(0x36, 0x37, 0x38, 0x39);
        assertThat(UdpHeader.isConnectReply(reply)).isTrue();
        // iperf3 before 3.1 answered 987654321 in host (little-endian) order
        assertThat(UdpHeader.isConnectReply(Unpooled.buffer(4).writeIntLE(987654321))).isTrue();
        assertThat(UdpHeader.isConnectReply(msg)).isFalse();
        assertThat(UdpHeader.isConnectReply(Unpooled.buffer(3).writeMedium(0x363738))).isFalse();
    }

    @Test
    void shortDatagramIsCountedNeverRead() {
        UdpReceiveStats stats = new UdpReceiveStats(false);
        stats.onDatagram(Unpooled.buffer(11).writeZero(11), 0);
        stats.onDatagram(Unpooled.EMPTY_BUFFER, 0);
        UdpReceiveStats wide = new UdpReceiveStats(true);
        wide.onDatagram(datagram(0, 1, false, 12), 0); // 12 bytes is too short for the 16-byte header
        assertThat(stats.malformed()).isEqualTo(2);
        assertThat(wide.malformed()).isEqualTo(1);
        assertThat(stats.datagrams()).isZero();
        assertThat(stats.highestSequence()).isZero();
        assertThatThrownBy(() -> UdpHeader.sequence(Unpooled.buffer(4).writeInt(1), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gapsAreLossesAndLateArrivalsTakeThemBack() {
        UdpReceiveStats stats = new UdpReceiveStats(false);
        for (long seq : new long[] {1, 2, 5, 3, 6, 6}) {
            stats.onDatagram(datagram(0, seq, false, 100), 0);
        }
        // 5 after 2: 3 and 4 lost; 3 arrives late: one loss taken back; the repeated 6 counts as out of order
        assertThat(stats.highestSequence()).isEqualTo(6);
        assertThat(stats.outOfOrder()).isEqualTo(2);
        assertThat(stats.lost()).isZero();
        assertThat(stats.datagrams()).isEqualTo(6);
        UdpReceiveStats lossy = new UdpReceiveStats(false);
        for (long seq : new long[] {1, 4, 10}) {
            lossy.onDatagram(datagram(0, seq, false, 100), 0);
        }
        assertThat(lossy.lost()).isEqualTo(7);
        assertThat(lossy.outOfOrder()).isZero();
    }

    @Test
    void jitterIsRfc3550RunningMeanOfTransitDifferences() {
        UdpReceiveStats stats = new UdpReceiveStats(false);
        // sent every 1000 us; arrivals with transits 100, 300, 200 us (a clock offset changes nothing)
        long offset = 5_000_000_000L;
        stats.onDatagram(datagram(1_000, 1, false, 64), offset + 1_000 + 100);
        stats.onDatagram(datagram(2_000, 2, false, 64), offset + 2_000 + 300);
        stats.onDatagram(datagram(3_000, 3, false, 64), offset + 3_000 + 200);
        double j = 0;
        j += (0 - j) / 16;         // first packet: no difference
        j += (200e-6 - j) / 16;
        j += (100e-6 - j) / 16;
        assertThat(stats.jitterSeconds()).isCloseTo(j, within(1e-12));
    }
}
