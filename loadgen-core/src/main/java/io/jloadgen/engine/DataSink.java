package io.jloadgen.engine;

import java.util.concurrent.CompletableFuture;

/** The receiving end of one data stream (TCP or UDP): when data arrived, and when the stream has ended. */
public interface DataSink {
    /** When the first bytes arrived ({@link System#nanoTime()}), 0 if none have. */
    long firstReadNs();

    /**
     * When the latest bytes arrived, 0 if none have. Read it after reading the stream's byte counter with
     * acquire semantics, which orders it behind the write.
     */
    long lastReadNs();

    /** Completes when the peer has shut its side (TCP) or the channel closed. */
    CompletableFuture<Void> endOfStream();
}
