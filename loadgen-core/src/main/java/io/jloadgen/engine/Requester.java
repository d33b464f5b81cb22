package io.jloadgen.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The client half of one request/response connection, on an event loop ({@link RoundTripper}) or on a
 * thread of its own ({@link BlockingRoundTripper}). Every method may be called from any thread.
 */
public interface Requester {
    /** Starts sending now. */
    void start();

    /** Stops sending; a reply still awaited is recorded if it comes, then {@link #ended()} completes. */
    void stop();

    /**
     * Completes when the connection is over: with null after {@link #stop} (and the last reply, if one was
     * awaited), or with what went wrong.
     */
    CompletableFuture<String> ended();

    /** Completes with the first round trip's time in nanoseconds: the peer echoes as expected. */
    CompletableFuture<Long> firstReply();

    /** Closes the connection at once, whatever is awaited. */
    void close();
}
