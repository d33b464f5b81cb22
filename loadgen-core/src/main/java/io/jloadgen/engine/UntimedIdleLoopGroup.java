package io.jloadgen.engine;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Event loops that wait without a timeout when nothing is scheduled, as Netty 4.1's did. Netty 4.2 gives
 * an idle loop a deadline one second ahead (to purge cancelled scheduled tasks, of which there are none
 * then), so every epoll wait carries a timeout and the kernel arms and cancels a high-resolution timer
 * per wake-up. On a request/response loop that is one timer per echo: a C echo server on this project's
 * 2-vCPU VM did 14,286 round trips/s waiting with {@code epoll_wait(-1)} against 13,462 with a timeout.
 * With a task scheduled the deadline is Netty's own, so timers and purging behave as before.
 */
final class UntimedIdleLoopGroup extends MultiThreadIoEventLoopGroup {
    UntimedIdleLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory) {
        super(threads, threadFactory, ioHandlerFactory);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new UntimedIdleLoop(this, executor, ioHandlerFactory);
    }

    private static final class UntimedIdleLoop extends SingleThreadIoEventLoop {
        UntimedIdleLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory ioHandlerFactory) {
            super(parent, executor, ioHandlerFactory);
        }

        /** -1, which every I/O handler reads as "no deadline", when nothing is scheduled. */
        @Override
        protected long deadlineNanos() {
            return nextScheduledTaskDeadlineNanos();
        }

        /** {@code Long.MAX_VALUE}, which NIO's handler reads as "wait without a timeout", when nothing is scheduled. */
        @Override
        protected long delayNanos(long currentTimeNanos) {
            return nextScheduledTaskDeadlineNanos() == -1 ? Long.MAX_VALUE : super.delayNanos(currentTimeNanos);
        }
    }
}
