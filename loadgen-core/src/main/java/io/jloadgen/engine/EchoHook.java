package io.jloadgen.engine;

import io.netty.buffer.ByteBuf;

/** What a protocol does with each request of an echo ({@link FixedSizeEcho}, {@link BlockingEcho}); called by the echo's one thread. */
public interface EchoHook {
    /**
     * A whole request sits in {@code request} at index 0. Returns the hold before echoing it, in
     * nanoseconds, or -1 to close the connection without echoing (the peer said it is done).
     */
    long onRequest(ByteBuf request);

    /** Just before the echo is written (after the hold): last chance to stamp it. */
    void beforeEcho(ByteBuf request);

    /** The connection is over: {@code why} is null for a clean end, else what went wrong. */
    void onEnd(String why, long echoed);
}
