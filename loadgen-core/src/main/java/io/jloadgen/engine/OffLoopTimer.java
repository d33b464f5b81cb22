package io.jloadgen.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the timers of request/response loops: silence checks and a test's own clock
 * (intervals, the planned end). Kept off the event loops on purpose: a task scheduled on a loop gives
 * every one of its waits a deadline, so the kernel arms a timer per round trip (see
 * {@link UntimedIdleLoopGroup}). A timer here costs its loop one wake-up when it fires, nothing before.
 */
public final class OffLoopTimer {
    private static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private OffLoopTimer() {
    }

    /** Runs {@code task} on {@code loop} after {@code delayNs}, unless cancelled first; nothing if the loop has shut down. */
    public static ScheduledFuture<?> runOn(Executor loop, long delayNs, Runnable task) {
        return TIMER.schedule(() -> {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException loopShutDown) {
                // the test is over
            }
        }, Math.max(0, delayNs), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code check} on the timer's own thread every {@code periodMs} until the future is cancelled or it throws. */
    static ScheduledFuture<?> every(long periodMs, Runnable check) {
        return TIMER.scheduleAtFixedRate(check, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jloadgen-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
