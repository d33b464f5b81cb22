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

    /** When this sender stopped writing ({@link System#nanoTime()}), 0 while it runs. */
    long stoppedAtNs();

    /**
     * Stops sending; the future completes once every queued byte has been handed to the kernel. With
     * {@code halfClose}, a stream that can (TCP) then shuts its write side, so the peer sees end-of-stream.
     */
    CompletableFuture<Void> stop(boolean halfClose);
}
