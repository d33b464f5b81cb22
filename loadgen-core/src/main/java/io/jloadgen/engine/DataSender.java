package io.jloadgen.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The sending end of one data stream (TCP or UDP). Both methods may be called from any thread and hop onto
 * the channel's event loop.
 */
public interface DataSender {
    /** Starts sending until {@link #stop}. */
    void start();

    /**
     * Starts sending; the sender stops by itself once {@link System#nanoTime()} reaches {@code stopAtNs}
     * (0 for never), checked before every write, so a timed test ends on plan even when the loop that would
     * deliver a stop command is busy.
     */
    void start(long stopAtNs);

    /**
     * Moves the planned stop of a running sender to {@code stopAtNs}: the measured window began later than
     * planned (a late timer), and the sending should fill the window, not end short of it. No effect once the
     * sender has stopped.
     */
    void stopAt(long stopAtNs);

    /**
     * When the last byte queued before {@link #stop} went to the kernel ({@link System#nanoTime()}), or when the
     * sender stopped writing if its connection closed first; 0 until then. On a slow link this is well after
     * it stopped writing: the transport's write queue holds up to its high watermark.
     */
    long flushedAtNs();

    /**
     * Bytes handed to the transport that the socket has not accepted yet, from any thread. An upper bound: it
     * includes Netty's small per-write overhead and the whole of a partly written block; 0 once the queue has
     * drained or the connection closed.
     */
    long queuedBytes();

    /**
     * Stops sending; the future completes once every queued byte has been handed to the kernel. With
     * {@code halfClose}, a stream that can (TCP) then shuts its write side, so the peer sees end-of-stream.
     */
    CompletableFuture<Void> stop(boolean halfClose);
}
