package io.jloadgen.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one pending deadline of a control conversation: each step re-arms it with what is awaited, so no
 * step can wait forever (CVE-2023-7250 was a server waiting forever on a partial cookie).
 *
 * <p>Threading: confined to the control channel's event loop.
 */
final class ControlDeadline {
    private final EventExecutor executor;
    private final Consumer<String> onExpiry;
    private ScheduledFuture<?> pending;

    /** @param onExpiry called with a description of what was awaited */
    ControlDeadline(EventExecutor executor, Consumer<String> onExpiry) {
        this.executor = executor;
        this.onExpiry = onExpiry;
    }

    void arm(Duration timeout, String awaited) {
        disarm();
        pending = executor.schedule(() -> onExpiry.accept(awaited), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void disarm() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
