package io.jloadgen.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The end of a test's sending: stop every sending stream, half-closed, and wait (bounded) until each has flushed. */
final class SenderStops {
    private SenderStops() {
    }

    /**
     * Completes when every sending stream of {@code streams} has handed its last bytes to the kernel and shut
     * its write side, or exceptionally with a {@link java.util.concurrent.TimeoutException} after
     * {@code timeout}: a peer that stops reading must not hold the end of a test forever.
     */
    static CompletableFuture<Void> stopAll(List<DataStream> streams, Duration timeout) {
        CompletableFuture<?>[] stops = streams.stream().filter(DataStream::sending)
                .map(s -> s.sender().stop(true)).toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(stops).orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The failure message for a {@link #stopAll} that timed out. */
    static String stalledMessage(int blockSize, Duration timeout) {
        return "the data streams did not take their last " + blockSize + "-byte blocks within "
                + timeout.toSeconds() + " s of the test's end (peer stalled?)";
    }
}
