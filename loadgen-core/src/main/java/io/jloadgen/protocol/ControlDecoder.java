package io.jloadgen.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits an iperf3 control byte stream into {@link ControlMessage}s. What comes next depends on the
 * conversation, so the owner of the connection says what to expect ({@link #expectCookie()},
 * {@link #expectState()}, {@link #expectJson(int)}) before it arrives; messages are delivered one at a
 * time, so the owner can switch between them. Every length read from the wire is checked against the
 * cap before anything is allocated (CVE-2023-38403 was an overflow of {@code len + 1}).
 *
 * <p>Pure decoding: no timers, no writes. Deadlines belong to the owner. Runs on the channel's event loop.
 */
public final class ControlDecoder extends ByteToMessageDecoder {
    private enum Expect { COOKIE, STATE, JSON }

    private Expect expect;
    private int maxJsonBytes;
    private boolean failed;

    private ControlDecoder(Expect expect) {
        this.expect = expect;
    }

    /** A decoder for the server side of an accepted connection: the cookie comes first. */
    public static ControlDecoder forServer() {
        return new ControlDecoder(Expect.COOKIE);
    }

    /** A decoder for the client side: state bytes come first. */
    public static ControlDecoder forClient() {
        return new ControlDecoder(Expect.STATE);
    }

    public void expectCookie() {
        expect = Expect.COOKIE;
    }

    public void expectState() {
        expect = Expect.STATE;
    }

    public void expectJson(int maxBytes) {
        expect = Expect.JSON;
        maxJsonBytes = maxBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        ControlMessage message;
        try {
            message = decodeOne(in);
        } catch (ProtocolException e) {
            // One error per connection: what follows a broken message is not decoded, or the owner would hear of
            // it again when the closing channel decodes its leftovers (one log line per bad peer).
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
        if (message != null) {
            out.add(message);
        }
    }

    /**
     * At end of stream: iperf3's server refuses a client that fails authentication with SERVER_ERROR and the error
     * code but without the errno (its {@code iperf_exchange_parameters}), then closes. Such a short SERVER_ERROR
     * is the message, with errno 0, not a truncated one.
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (!failed && expect == Expect.STATE && in.readableBytes() >= 5 && in.readableBytes() < 9
                && State.of(in.getByte(in.readerIndex())) == State.SERVER_ERROR) {
            in.skipBytes(1);
            out.add(new ControlMessage.StateMessage(State.SERVER_ERROR, in.readInt(), 0));
        }
    }

    /** Decodes one message from {@code in}, or returns null (consuming nothing) when more bytes are needed. */
    ControlMessage decodeOne(ByteBuf in) throws ProtocolException {
        switch (expect) {
            case COOKIE -> {
                if (in.readableBytes() < Cookie.WIRE_LENGTH) {
                    return null;
                }
                byte[] wire = new byte[Cookie.WIRE_LENGTH];
                in.readBytes(wire);
                Cookie cookie = Cookie.decode(wire);
                if (cookie == null) {
                    throw new ProtocolException("not an iperf3 cookie");
                }
                return new ControlMessage.CookieMessage(cookie);
            }
            case STATE -> {
                if (in.readableBytes() < 1) {
                    return null;
                }
                byte code = in.getByte(in.readerIndex());
                State state = State.of(code);
                if (state == null) {
                    in.skipBytes(1);
                    throw new ProtocolException("unknown state byte " + code);
                }
                if (state == State.SERVER_ERROR) {
                    if (in.readableBytes() < 9) {
                        return null;
                    }
                    in.skipBytes(1);
                    return new ControlMessage.StateMessage(state, in.readInt(), in.readInt());
                }
                in.skipBytes(1);
                return new ControlMessage.StateMessage(state);
            }
            case JSON -> {
                if (in.readableBytes() < 4) {
                    return null;
                }
                long length = in.getUnsignedInt(in.readerIndex());
                if (length == 0 || length > maxJsonBytes) {
                    in.skipBytes(4);
                    throw new ProtocolException("JSON length " + length + " outside 1.." + maxJsonBytes);
                }
                if (in.readableBytes() < 4 + length) {
                    return null;
                }
                in.skipBytes(4);
                byte[] body = new byte[(int) length];
                in.readBytes(body);
                return new ControlMessage.JsonMessage(JsonCodec.parseObject(body));
            }
            default -> throw new IllegalStateException();
        }
    }
}
