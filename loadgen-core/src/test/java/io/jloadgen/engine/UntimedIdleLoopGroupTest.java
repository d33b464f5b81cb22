package io.jloadgen.engine;

import io.jloadgen.config.Transport;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ThreadSyscalls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An idle event loop waits in the kernel without a timeout, so no timer is armed per wake-up: read from
 * the kernel itself, {@code /proc/self/task/TID/syscall}, which names the system call a blocked thread is
 * in and its arguments (x86-64 numbers). A loop with a task scheduled still waits with a timeout, which
 * shows the check can tell the two apart, and scheduled tasks still run.
 */
@Timeout(60)
class UntimedIdleLoopGroupTest {

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
    void anIdleLoopWaitsWithoutATimeoutAndAScheduledTaskGivesItOne(Transport kind) throws Exception {
        assumeProcSyscallReadable();
        assumeTrue(NettyTransport.isAvailable(kind), kind + " is not available here");
        EventLoopGroup group = NettyTransport.resolve(kind).newGroup(1, "idle-" + kind.label());
        try {
            EventLoop loop = group.next();
            String tid = threadId(loop);
            assertThat(awaitBlocked(tid)).as("%s idle loop's wait", kind).matches(ThreadSyscalls::isUntimedWait, "is a wait without a timeout");

            ScheduledFuture<?> far = loop.schedule(() -> { }, 30, TimeUnit.SECONDS);
            loop.submit(() -> { }).sync(); // the loop has seen the new deadline
            assertThat(awaitBlocked(tid)).as("%s loop's wait with a task due in 30 s", kind)
                    .matches(s -> !ThreadSyscalls.isUntimedWait(s), "is a wait with a timeout");

            CountDownLatch ran = new CountDownLatch(1);
            far.cancel(false);
            loop.schedule(ran::countDown, 50, TimeUnit.MILLISECONDS);
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("a task scheduled on the loop ran").isTrue();
            assertThat(awaitBlocked(tid)).as("%s loop's wait once nothing is scheduled again", kind)
                    .matches(ThreadSyscalls::isUntimedWait, "is a wait without a timeout");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** The echo's silence check runs on its own thread: a loop serving an idle echo connection has nothing scheduled. */
    @Test
    void aLoopServingAnIdleEchoConnectionWaitsWithoutATimeout() throws Exception {
        assumeProcSyscallReadable();
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL), "epoll is not available here");
        NettyTransport transport = NettyTransport.resolve(Transport.EPOLL);
        EventLoopGroup group = transport.newGroup(1, "idle-echo");
        AtomicReference<String> ended = new AtomicReference<>();
        EchoHook hook = new EchoHook() {
            @Override
            public long onRequest(ByteBuf request) {
                return 0;
            }

            @Override
            public void beforeEcho(ByteBuf request) {
            }

            @Override
            public void onEnd(String why, long echoed) {
                ended.set(why == null ? "clean" : why);
            }
        };
        try {
            Channel listener = new ServerBootstrap().group(group).channel(transport.serverSocketChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new FixedSizeEcho(100, false, TimeUnit.SECONDS.toNanos(30),
                                    TimeUnit.SECONDS.toNanos(60), hook));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            String tid = threadId(group.next());
            try (Socket peer = new Socket("127.0.0.1", ((InetSocketAddress) listener.localAddress()).getPort())) {
                peer.setSoTimeout(10_000);
                byte[] request = new byte[100];
                OutputStream out = peer.getOutputStream();
                InputStream in = peer.getInputStream();
                out.write(request);
                assertThat(in.readNBytes(100)).as("the echo").hasSize(100);
                assertThat(awaitBlocked(tid)).as("wait of a loop with an idle echo connection")
                        .matches(ThreadSyscalls::isUntimedWait, "is a wait without a timeout");
            }
            Await.until(10_000, "the echo saw the close", () -> ended.get() != null);
            assertThat(ended.get()).isEqualTo("clean");
            listener.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void assumeProcSyscallReadable() {
        assumeTrue(ThreadSyscalls.readable(), "/proc/thread-self/syscall is readable, with x86-64 numbers");
    }

    private static String threadId(EventLoop loop) throws Exception {
        return loop.submit(ThreadSyscalls::currentTid).get(10, TimeUnit.SECONDS);
    }

    /** The thread's system call once it has sat in the same epoll wait for two reads 50 ms apart. */
    private static String[] awaitBlocked(String tid) {
        AtomicReference<String[]> seen = new AtomicReference<>();
        Await.until(10_000, "thread " + tid + " blocks in an epoll wait", () -> {
            String[] first = ThreadSyscalls.of(tid);
            sleep(50);
            String[] second = ThreadSyscalls.of(tid);
            seen.set(second);
            return ThreadSyscalls.isEpollWait(first) && String.join(" ", first).equals(String.join(" ", second));
        });
        return seen.get();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
