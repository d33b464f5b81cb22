package io.jloadgen.session;

import io.netty.util.concurrent.EventExecutor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits until the receiving streams have read everything the sender sent, so byte totals agree at both
 * ends: done when every stream saw end-of-stream (a jloadgen sender half-closes) or has not moved a byte
 * for a quiet period (a stock iperf3 sender does not half-close), and never later than a bound.
 */
final class StreamDrain {
    private static final long POLL_MS = 10;
    /** No byte for this long: the sender is done (a stock iperf3 sender does not half-close). */
    static final long QUIET_MS = 100;
    /** The drain never takes longer than this. */
    static final long MAX_MS = 3000;

    private StreamDrain() {
    }

    static CompletableFuture<Void> drain(List<DataStream> receivers, EventExecutor executor) {
        return drain(receivers, executor, QUIET_MS, MAX_MS);
    }

    /**
     * For a sender known to half-close (a jloadgen peer): done only when every stream saw end-of-stream, or at
     * the bound. A quiet period proves nothing under load: a starved sender's loop can pause longer than
     * {@link #QUIET_MS} with bytes still to send, and ending early makes the totals disagree.
     */
    static CompletableFuture<Void> untilEndOfStream(List<DataStream> receivers, EventExecutor executor) {
        return drain(receivers, executor, MAX_MS, MAX_MS);
    }

    /**
     * Each stream is watched on its own event loop, the loop that reads it: a quiet period seen there is one
     * in which that loop had its turns at reading. Watched from another loop, a stream whose loop was merely
     * busy elsewhere looked quiet under load, and the drain ended with bytes still unread.
     */
    static CompletableFuture<Void> drain(List<DataStream> receivers, EventExecutor executor, long quietMs, long maxMs) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
        CompletableFuture<?>[] each = receivers.stream()
                .map(s -> drainOne(s, TimeUnit.MILLISECONDS.toNanos(quietMs), deadlineNs))
                .toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(each);
    }

    private static CompletableFuture<Void> drainOne(DataStream stream, long quietNs, long deadlineNs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        EventExecutor loop = stream.channel().eventLoop();
        long[] last = {-1, 0}; // bytes at the last change, and when
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            long now = System.nanoTime();
            long total = stream.totalBytes();
            if (total != last[0]) {
                last[0] = total;
                last[1] = now;
            }
            if (stream.sink().endOfStream().isDone() || now - last[1] >= quietNs || now - deadlineNs >= 0) {
                done.complete(null);
            } else {
                loop.schedule(poll[0], POLL_MS, TimeUnit.MILLISECONDS);
            }
        };
        try {
            loop.execute(poll[0]);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            done.complete(null);
        }
        return done;
    }
}
