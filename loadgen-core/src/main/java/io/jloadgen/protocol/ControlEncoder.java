package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Encodes what a peer writes on an iperf3 control connection. */
public final class ControlEncoder {
    private ControlEncoder() {
    }

    public static ByteBuf cookie(ByteBufAllocator alloc, Cookie cookie) {
        return alloc.buffer(Cookie.WIRE_LENGTH).writeBytes(cookie.encode());
    }

    public static ByteBuf state(ByteBufAllocator alloc, State state) {
        return alloc.buffer(1).writeByte(state.code());
    }

    /** SERVER_ERROR followed by iperf3's error code and errno, big-endian. */
    public static ByteBuf serverError(ByteBufAllocator alloc, int errorCode, int errno) {
        return alloc.buffer(9).writeByte(State.SERVER_ERROR.code()).writeInt(errorCode).writeInt(errno);
    }

    /** A 4-byte big-endian length, then the JSON. */
    public static ByteBuf json(ByteBufAllocator alloc, JsonNode json) {
        byte[] body = JsonCodec.toBytes(json);
        return alloc.buffer(4 + body.length).writeInt(body.length).writeBytes(body);
    }
}
