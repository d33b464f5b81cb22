package io.jloadgen.protocol;

import io.netty.buffer.ByteBuf;

/**
 * iperf 2's TCP test header: the first bytes an {@code iperf -c} (2.0.10 and later) writes on each of its
 * connections, before its data. All fields are 32-bit big-endian. Verified against iperf 2.1.8 on loopback:
 * plain {@code iperf -c H -t 1 -l 200} sends 60 bytes {@code 40010078 00000001 <port> 000000c8 00000000
 * ffffff9c} (flags EXTEND|LEN_BIT with length 60, 1 thread, port, buffer length, window/rate 0, amount
 * -100 = 1 s in 10 ms units) followed by the extension (type, length, upper/lower flags, version 2.1.8,
 * tos, rates, prefetch); {@code -P 2} only changes the thread count; {@code -e} changes nothing on the wire.
 * A header with EXTEND but not VERSION2, or with V2PEERDETECT, is answered by the server with a 28-byte
 * acknowledgement carrying its version.
 *
 * <p>Pure: reads and writes buffers at absolute indexes, checks every bound, does no I/O.
 *
 * @param flags        the flags word
 * @param length       bytes of the header, flags included
 * @param threads      the client's parallel connection count ({@code -P})
 * @param port         the port the client connected to
 * @param bufferLength the client's write size ({@code -l})
 * @param amount       negative: test time in 10 ms units; positive: bytes ({@code -n})
 */
public record Iperf2Header(int flags, int length, int threads, int port, int bufferLength, int amount) {
    public static final int VERSION1 = 0x80000000;
    public static final int EXTEND = 0x40000000;
    public static final int UDP_TESTS = 0x20000000;
    public static final int KEY_CHECK = 0x10000000;
    public static final int VERSION2 = 0x04000000;
    public static final int V2_PEER_DETECT = 0x02000000;
    public static final int BOUNCEBACK = 0x00800000;
    public static final int LEN_BIT = 0x00010000;
    public static final int LEN_MASK = 0x000001FE;
    /** Upper extension flags (16 bits at offset 32): modes where the server would have to send. */
    public static final int UPPER_REVERSE = 0x0400;
    public static final int UPPER_FULL_DUPLEX = 0x0800;

    /** The version-1 part: flags, threads, port, buffer length, window/rate, amount. */
    public static final int V1_LENGTH = 24;
    /** The extension that follows it (type, length, flags, version, tos, rates, prefetch). */
    public static final int EXTENSION_LENGTH = 36;
    /** What iperf 2.1.8's client sends, and what {@link #encodeClient} writes. */
    public static final int CLIENT_LENGTH = V1_LENGTH + EXTENSION_LENGTH;
    /** iperf 2's own cap on a header length. */
    public static final int MAX_LENGTH = 256;
    public static final int ACK_LENGTH = 28;
    /** Enough for the most threads any client of ours may announce. */
    public static final int MAX_THREADS = 1024;

    private static final int HAS_TRANSFER_ID = 0x80000000;
    private static final int TRANSFER_ID_MASK = 0xFFF00000;
    private static final int CLIENT_HEADER_ACK = 2;
    /** The version we speak, iperf 2.1.8's encoding (major 2.1 and minor 8, final release). */
    private static final int VERSION_UPPER = 0x00020001;
    private static final int VERSION_LOWER = 0x00080003;
    private static final String COOKIE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    /** What the first four bytes of a connection say about the peer. */
    public enum Kind {
        /** Characters an iperf3 cookie starts with. */
        IPERF3_COOKIE,
        /** An iperf 2 TCP test header. */
        IPERF2_TEST,
        /** An iperf 2.1 bounceback request. */
        IPERF2_BOUNCEBACK,
        /** Neither. */
        UNKNOWN
    }

    /**
     * Tells the peers apart from the first four bytes ({@code first4} read big-endian). No iperf 2 TCP
     * header starts with a cookie character: those bytes have the UDP bit set.
     */
    public static Kind classify(int first4) {
        boolean cookie = true;
        for (int shift = 24; shift >= 0; shift -= 8) {
            cookie &= COOKIE_ALPHABET.indexOf((char) ((first4 >>> shift) & 0xff)) >= 0;
        }
        if (cookie) {
            return Kind.IPERF3_COOKIE;
        }
        if ((first4 & (UDP_TESTS | KEY_CHECK)) != 0) {
            return Kind.UNKNOWN;
        }
        if ((first4 & BOUNCEBACK) != 0) {
            return Kind.IPERF2_BOUNCEBACK;
        }
        if ((first4 & (VERSION1 | VERSION2 | EXTEND)) != 0 && lengthOf(first4) > 0) {
            return Kind.IPERF2_TEST;
        }
        return Kind.UNKNOWN;
    }

    /** The header length the flags announce, or -1 when they announce none we accept. */
    public static int lengthOf(int flags) {
        int length;
        if ((flags & LEN_BIT) != 0) {
            length = (flags & LEN_MASK) >> 1;
        } else {
            length = (flags & (VERSION1 | EXTEND)) != 0 ? V1_LENGTH : 0;
            length += (flags & (VERSION2 | EXTEND)) != 0 ? EXTENSION_LENGTH : 0;
        }
        return length >= V1_LENGTH && length <= MAX_LENGTH ? length : -1;
    }

    /**
     * Decodes the header at the reader index without consuming it; {@code in} must hold at least
     * {@link #lengthOf} bytes. Modes in which the server would have to send (dual test, reverse, full
     * duplex) are refused: this server only receives from iperf 2 clients.
     */
    public static Iperf2Header decode(ByteBuf in) throws ProtocolException {
        int at = in.readerIndex();
        if (in.readableBytes() < 4) {
            throw new ProtocolException("iperf 2 header shorter than its flags");
        }
        int flags = in.getInt(at);
        if (classify(flags) != Kind.IPERF2_TEST) {
            throw new ProtocolException(String.format("not an iperf 2 test header (flags 0x%08x)", flags));
        }
        int length = lengthOf(flags);
        if (in.readableBytes() < length) {
            throw new ProtocolException("iperf 2 header of " + length + " bytes, " + in.readableBytes() + " given");
        }
        int threads = in.getInt(at + 4);
        if ((threads & HAS_TRANSFER_ID) != 0) {
            threads &= ~TRANSFER_ID_MASK;
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new ProtocolException("iperf 2 header announces " + threads + " threads, outside 1.." + MAX_THREADS);
        }
        if ((flags & VERSION1) != 0 && (flags & VERSION2) == 0) {
            throw new ProtocolException("iperf 2 dual test or tradeoff (-d/-r) is not supported: the server would connect back");
        }
        if ((flags & (EXTEND | VERSION2)) != 0 && length >= V1_LENGTH + 12) {
            int upper = in.getUnsignedShort(at + V1_LENGTH + 8);
            if ((upper & (UPPER_REVERSE | UPPER_FULL_DUPLEX)) != 0) {
                throw new ProtocolException("iperf 2 reverse or full-duplex mode (-R/--full-duplex) is not supported");
            }
        }
        return new Iperf2Header(flags, length, threads, in.getInt(at + 8), in.getInt(at + 12), in.getInt(at + 20));
    }

    /** Whether iperf 2's server answers this header with an acknowledgement ({@link #encodeAck}). */
    public boolean wantsAck() {
        return ((flags & EXTEND) != 0 && (flags & VERSION2) == 0) || (flags & V2_PEER_DETECT) != 0;
    }

    /** Test time the header announces, in ms, or 0 when it announces a byte count. */
    public long durationMs() {
        return amount < 0 ? -(long) amount * 10 : 0;
    }

    /**
     * Writes the header an iperf 2.1.8 client sends ({@link #CLIENT_LENGTH} bytes) at the writer index.
     *
     * @param durationMs test time, or 0 with a byte limit
     * @param bytes      the byte limit when {@code durationMs} is 0 (capped at 2^31-1, the field's range)
     */
    public static void encodeClient(ByteBuf out, int threads, int port, int bufferLength, long durationMs, long bytes) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads " + threads);
        }
        int amount = durationMs > 0 ? (int) -Math.min(Integer.MAX_VALUE, (durationMs + 9) / 10)
                : (int) Math.min(Integer.MAX_VALUE, bytes);
        out.writeInt(EXTEND | LEN_BIT | (CLIENT_LENGTH << 1));
        out.writeInt(threads);
        out.writeInt(port);
        out.writeInt(bufferLength);
        out.writeInt(0); // window / rate
        out.writeInt(amount);
        out.writeInt(0); // extension type
        out.writeInt(0); // extension length
        out.writeInt(0); // upper and lower flags: a plain send-only test
        out.writeInt(VERSION_UPPER);
        out.writeInt(VERSION_LOWER);
        out.writeInt(0); // reserved, tos
        out.writeInt(0); // rate lower
        out.writeInt(0); // rate upper
        out.writeInt(0); // write prefetch
    }

    /** Writes the server's acknowledgement ({@link #ACK_LENGTH} bytes: type, length, flags, version, reserved). */
    public static void encodeAck(ByteBuf out) {
        out.writeInt(CLIENT_HEADER_ACK);
        out.writeInt(ACK_LENGTH);
        out.writeInt(0);
        out.writeInt(VERSION_UPPER);
        out.writeInt(VERSION_LOWER);
        out.writeInt(0);
        out.writeInt(0);
    }
}
