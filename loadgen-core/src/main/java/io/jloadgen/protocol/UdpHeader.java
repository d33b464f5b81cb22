package io.jloadgen.protocol;

import io.netty.buffer.ByteBuf;

/**
 * iperf3's UDP wire format: the 4-byte "connect" handshake of each stream and the header at the start of
 * every data datagram (big-endian: send time seconds, microseconds, then the sequence number, 32-bit, or
 * 64-bit when the parameters carry {@code udp_counters_64bit}). Sequence numbers start at 1.
 *
 * <p>Pure encode/decode on absolute indices (reader and writer indices are left alone); every read checks the
 * datagram is long enough first, so a short datagram is reported, never read past its end.
 */
public final class UdpHeader {
    /** What a client sends on a new stream: iperf3 writes the int 0x36373839 in host (little-endian) order. */
    public static final int CONNECT_MSG_WIRE = 0x39383736;
    /** What the server answers: iperf3's 0x39383736 in host order. */
    public static final int CONNECT_REPLY_WIRE = 0x36373839;
    /** The reply of iperf3 before 3.1 (987654321 in host order), which 3.12 clients still accept. */
    public static final int LEGACY_CONNECT_REPLY_WIRE = Integer.reverseBytes(987654321);
    /** Bytes of the connect message and its reply. */
    public static final int CONNECT_BYTES = 4;
    /** iperf3's largest UDP block: 65535 minus the IPv4 and UDP headers. */
    public static final int MAX_DATAGRAM = 65_507;
    /** iperf3's UDP block when the control connection's MSS is unknown. */
    public static final int DEFAULT_DATAGRAM = 1460;

    private UdpHeader() {
    }

    /** Header bytes: 12, or 16 with 64-bit counters. */
    public static int length(boolean counters64) {
        return counters64 ? 16 : 12;
    }

    /**
     * Writes the header at the start of {@code datagram} (which must hold {@link #length} bytes).
     *
     * @param sendMicros the send time in microseconds on any monotonic clock (only differences matter)
     * @param sequence   the datagram's sequence number, from 1
     */
    public static void encode(ByteBuf datagram, long sendMicros, long sequence, boolean counters64) {
        int start = datagram.readerIndex();
        // floor division keeps the microseconds field in 0..999999 for any clock origin
        datagram.setInt(start, (int) Math.floorDiv(sendMicros, 1_000_000L));
        datagram.setInt(start + 4, (int) Math.floorMod(sendMicros, 1_000_000L));
        if (counters64) {
            datagram.setLong(start + 8, sequence);
        } else {
            datagram.setInt(start + 8, (int) sequence);
        }
    }

    /** Whether a datagram is long enough to carry a header. */
    public static boolean fits(ByteBuf datagram, boolean counters64) {
        return datagram.readableBytes() >= length(counters64);
    }

    /**
     * The sequence number of a datagram at least {@link #length} bytes long ({@link #fits}), unsigned:
     * a 32-bit counter reads 0..2^32-1.
     */
    public static long sequence(ByteBuf datagram, boolean counters64) {
        requireFits(datagram, counters64);
        int start = datagram.readerIndex();
        return counters64 ? datagram.getLong(start + 8) : datagram.getUnsignedInt(start + 8);
    }

    /** The send time carried by a datagram, in microseconds (seconds field taken as unsigned 32-bit). */
    public static long sendMicros(ByteBuf datagram, boolean counters64) {
        requireFits(datagram, counters64);
        int start = datagram.readerIndex();
        return datagram.getUnsignedInt(start) * 1_000_000L + datagram.getUnsignedInt(start + 4);
    }

    /** Whether a datagram is the server's answer to the connect message (current or legacy form). */
    public static boolean isConnectReply(ByteBuf datagram) {
        if (datagram.readableBytes() < CONNECT_BYTES) {
            return false;
        }
        int v = datagram.getInt(datagram.readerIndex());
        return v == CONNECT_REPLY_WIRE || v == LEGACY_CONNECT_REPLY_WIRE;
    }

    private static void requireFits(ByteBuf datagram, boolean counters64) {
        if (!fits(datagram, counters64)) {
            throw new IllegalArgumentException("datagram of " + datagram.readableBytes() + " bytes is shorter than the "
                    + length(counters64) + "-byte header");
        }
    }
}
