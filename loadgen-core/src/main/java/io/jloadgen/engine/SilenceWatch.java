package io.jloadgen.engine;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that runs the periodic silence checks of request/response connections. Kept off the
 * event loops on purpose: a periodic task on a loop gives every one of its waits a deadline, so the
 * kernel arms a timer per echo (see {@link UntimedIdleLoopGroup}). A check here only reads a time stamp
 * and, when a connection has been silent long enough to matter, hands the real check to its loop.
 */
final class SilenceWatch {
    private static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private SilenceWatch() {
    }

    /** Runs {@code check} every {@code periodMs} until the returned future is cancelled. */
    static ScheduledFuture<?> every(long periodMs, Runnable check) {
        return TIMER.scheduleAtFixedRate(check, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jloadgen-silence-watch");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
