package io.jloadgen.protocol;

import io.netty.buffer.ByteBuf;

/**
 * iperf 2.1's bounceback request, which is also its reply: the client writes {@code size} bytes starting
 * with this header, the server reads exactly that many, stamps its receive and send times and writes the
 * same bytes back. Every request starts with the header; the first one is also what tells iperf 2's
 * listener that the connection is a bounceback test (its flags word has {@link Iperf2Header#BOUNCEBACK}).
 * Verified against iperf 2.1.8 on loopback ({@code iperf -c H --bounceback -l 64}):
 * {@code 00800000 00000040 00000001 8000 5a5a 00000000 <tx sec> <tx usec> ffffffff ffffffff ffffffff
 * ffffffff 00000000} then {@code 5a} filler to byte 60 and iperf's {@code 0123456789...} pattern.
 *
 * <p>Layout, big-endian: flags (0), size (4), id (8), bb flags (12, 16 bit), tos (14, 16 bit), run time
 * (16), client send time sec/usec (20, 24), server receive time (28, 32), server send time (36, 40),
 * hold in microseconds (44), then optional fields to byte 60. iperf 2.1.8's server refuses sizes below 64.
 *
 * <p>Pure: absolute-index reads and writes, every bound checked, no I/O.
 *
 * @param size   bytes of every request and reply
 * @param id     the request's sequence number
 * @param flags  the bounceback flags ({@link #QUICKACK}, {@link #STOP}, ...)
 * @param holdUs how long the server waits between reading a request and echoing it
 * @param tos    the IP TOS byte the client asks the server to mark its replies with ({@link #TOS} flag), else 0
 */
public record BouncebackHeader(int size, int id, int flags, int holdUs, int tos) {
    public static final int QUICKACK = 0x8000;
    public static final int CLOCK_SYNCED = 0x4000;
    public static final int TOS = 0x2000;
    public static final int STOP = 0x1000;
    public static final int REPLY_SIZE = 0x0800;

    /** The fields up to the hold, which every request carries. */
    public static final int MANDATORY_LENGTH = 48;
    /** The whole header as iperf 2.1.8 lays it out. */
    public static final int LENGTH = 60;
    /** iperf 2.1.8's server refuses smaller requests (header plus a 4-byte word). */
    public static final int MIN_SIZE = 64;
    /** Our cap: a request larger than this is refused before anything is allocated for it. */
    public static final int MAX_SIZE = 64 * 1024;
    /** Our cap on the hold a client may ask for. */
    public static final int MAX_HOLD_US = 10_000_000;
    /** iperf 2's default request size. */
    public static final int DEFAULT_SIZE = 100;

    private static final int SIZE = 4;
    private static final int ID = 8;
    private static final int BB_FLAGS = 12;
    private static final int TOS_FIELD = 14;
    private static final int RUN_TIME = 16;
    private static final int CLIENT_TX = 20;
    private static final int SERVER_RX = 28;
    private static final int SERVER_TX = 36;
    private static final int HOLD = 44;
    private static final byte FILLER = 0x5A;

    /**
     * Decodes and checks the header at the reader index without consuming it; {@code in} must hold
     * {@link #MANDATORY_LENGTH} bytes.
     */
    public static BouncebackHeader decode(ByteBuf in) throws ProtocolException {
        if (in.readableBytes() < MANDATORY_LENGTH) {
            throw new ProtocolException("bounceback header shorter than " + MANDATORY_LENGTH + " bytes");
        }
        int at = in.readerIndex();
        int word = in.getInt(at);
        if ((word & Iperf2Header.BOUNCEBACK) == 0) {
            throw new ProtocolException(String.format("not a bounceback request (flags 0x%08x)", word));
        }
        long size = in.getUnsignedInt(at + SIZE);
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new ProtocolException("bounceback size " + size + " outside " + MIN_SIZE + ".." + MAX_SIZE);
        }
        int flags = in.getUnsignedShort(at + BB_FLAGS);
        if ((flags & REPLY_SIZE) != 0) {
            throw new ProtocolException("bounceback with a different reply size is not supported");
        }
        int hold = in.getInt(at + HOLD);
        if (hold < 0) {
            throw new ProtocolException("negative bounceback hold " + hold + " us");
        }
        if (hold > MAX_HOLD_US) {
            throw new ProtocolException("bounceback hold " + hold + " us above " + MAX_HOLD_US);
        }
        int tos = (flags & TOS) != 0 ? in.getUnsignedShort(at + TOS_FIELD) & 0xff : 0;
        return new BouncebackHeader((int) size, in.getInt(at + ID), flags, hold, tos);
    }

    /** Whether the request at {@code index} asks the server to stop (iperf 2's last, unanswered request). */
    public static boolean isStop(ByteBuf request, int index) {
        return (request.getUnsignedShort(index + BB_FLAGS) & STOP) != 0;
    }

    /** The size field of the request at {@code index}. */
    public static long sizeOf(ByteBuf request, int index) {
        return request.getUnsignedInt(index + SIZE);
    }

    /**
     * Fills {@code size} bytes from index 0 as iperf 2's client does (filler, then its digit pattern) and
     * sets the writer index to {@code size}. Done once per connection; {@link #stampRequest} then only
     * rewrites the header fields.
     */
    public static void fillRequest(ByteBuf buf, int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("bounceback size " + size);
        }
        buf.clear();
        for (int i = 0; i < LENGTH; i++) {
            buf.writeByte(FILLER);
        }
        for (int i = LENGTH; i < size; i++) {
            buf.writeByte('0' + (i - LENGTH) % 10);
        }
    }

    /**
     * Writes the header of request {@code id} at index 0 of a filled request, as iperf 2.1.8's client does:
     * a {@code tos} above 0 asks the server to mark its replies (iperf 2's {@code --tos}); with 0 the TOS
     * field keeps its filler, as iperf's does.
     */
    public static void stampRequest(ByteBuf buf, int size, int id, boolean quickAck, int holdUs, int tos,
                                    long wallClockUs) {
        buf.setInt(0, Iperf2Header.BOUNCEBACK);
        buf.setInt(SIZE, size);
        buf.setInt(ID, id);
        buf.setShort(BB_FLAGS, (quickAck ? QUICKACK : 0) | (tos > 0 ? TOS : 0));
        if (tos > 0) {
            buf.setShort(TOS_FIELD, tos & 0xff);
        }
        buf.setInt(RUN_TIME, 0);
        setTime(buf, CLIENT_TX, wallClockUs);
        buf.setLong(SERVER_RX, -1L);
        buf.setLong(SERVER_TX, -1L);
        buf.setInt(HOLD, holdUs);
    }

    /** Stamps the server's receive time into the request at {@code index}. */
    public static void stampServerReceive(ByteBuf request, int index, long wallClockUs) {
        setTime(request, index + SERVER_RX, wallClockUs);
    }

    /** Stamps the server's send time into the request at {@code index}, just before it goes back. */
    public static void stampServerSend(ByteBuf request, int index, long wallClockUs) {
        setTime(request, index + SERVER_TX, wallClockUs);
    }

    private static void setTime(ByteBuf buf, int index, long wallClockUs) {
        buf.setInt(index, (int) (wallClockUs / 1_000_000));
        buf.setInt(index + 4, (int) (wallClockUs % 1_000_000));
    }
}
