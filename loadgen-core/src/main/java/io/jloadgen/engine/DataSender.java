package io.jloadgen.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The sending end of one data stream (TCP or UDP). Both methods may be called from any thread and hop onto
 * the channel's event loop.
 */
public interface DataSender {
    /** Starts sending. */
    void start();

    /**
     * Stops sending; the future completes once every queued byte has been handed to the kernel. With
     * {@code halfClose}, a stream that can (TCP) then shuts its write side, so the peer sees end-of-stream.
     */
    CompletableFuture<Void> stop(boolean halfClose);
}
