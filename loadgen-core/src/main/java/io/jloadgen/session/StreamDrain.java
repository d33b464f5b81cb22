package io.jloadgen.session;

import io.netty.util.concurrent.EventExecutor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits until the receiving streams have read everything the sender sent, so byte totals agree at both
 * ends: done when every stream saw end-of-stream (a jloadgen sender half-closes), or when no stream has
 * moved a byte for a quiet period (a stock iperf3 sender does not), and never later than a bound.
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

    static CompletableFuture<Void> drain(List<DataStream> receivers, EventExecutor executor, long quietMs, long maxMs) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (receivers.isEmpty()) {
            done.complete(null);
            return done;
        }
        long startNs = System.nanoTime();
        long[] last = {sum(receivers), System.nanoTime()};
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            long now = System.nanoTime();
            long total = sum(receivers);
            if (total != last[0]) {
                last[0] = total;
                last[1] = now;
            }
            boolean allEnded = receivers.stream().allMatch(s -> s.sink().endOfStream().isDone());
            if (allEnded || now - last[1] >= TimeUnit.MILLISECONDS.toNanos(quietMs)
                    || now - startNs >= TimeUnit.MILLISECONDS.toNanos(maxMs)) {
                done.complete(null);
            } else {
                executor.schedule(poll[0], POLL_MS, TimeUnit.MILLISECONDS);
            }
        };
        executor.execute(poll[0]);
        return done;
    }

    private static long sum(List<DataStream> streams) {
        long sum = 0;
        for (DataStream s : streams) {
            sum += s.totalBytes();
        }
        return sum;
    }
}
