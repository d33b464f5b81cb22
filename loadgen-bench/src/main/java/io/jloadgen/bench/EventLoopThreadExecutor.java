package io.jloadgen.bench;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH's benchmark threads as Netty {@code FastThreadLocalThread}s, like event-loop threads. Netty 4.2's
 * {@code Recycler} pools objects (outbound-buffer entries, pooled duplicates, pooled buffers) only on such
 * threads; on JMH's plain threads every one of them is a fresh allocation, which would measure a path
 * production never takes. Selected by the forked JVM's {@code -Djmh.executor=CUSTOM
 * -Djmh.executor.class=io.jloadgen.bench.EventLoopThreadExecutor}, as Netty's own microbenchmarks do.
 */
public final class EventLoopThreadExecutor extends ThreadPoolExecutor {
    public EventLoopThreadExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
