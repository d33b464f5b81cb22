package io.jloadgen.api;

import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.protocol.BouncebackHeader;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ThreadSyscalls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On epoll, each bounceback connection is served by a thread of its own blocked in {@code recv}, at both
 * ends, as iperf 2's are: two system calls per round trip instead of an event loop's three. Seen from
 * /proc while a test runs, without timing anything. The server's stop ends those threads; NIO, and a
 * busy-polling client, keep their connections on the event loops.
 */
@Timeout(60)
class BouncebackThreadsTest {
    private static final String ECHO = "jloadgen-echo";
    private static final String REQUESTER = "jloadgen-bounce"; // the kernel keeps 15 characters of a name

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private Server startServer(Transport transport) {
        return Server.start(new ServerConfig("127.0.0.1", 0, false, transport, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static ClientConfig client(Server server, Transport transport, int seconds) {
        return ClientConfig.builder("127.0.0.1").port(server.port()).duration(Duration.ofSeconds(seconds))
                .transport(transport).blockSize(BouncebackConfig.DEFAULT_SIZE).build();
    }

    @Test
    void bothEndsWaitInRecvOnThreadsOfTheirOwn() throws Exception {
        assumeTrue(ThreadSyscalls.readable(), "/proc/thread-self/syscall is readable, with x86-64 numbers");
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL), "epoll is not available here");
        List<String> before = threads();
        try (Server server = startServer(Transport.EPOLL)) {
            CompletableFuture<TestResult> run = Client.startBounceback(client(server, Transport.EPOLL, 3),
                    BouncebackConfig.defaults(), OutputFormat.NONE, System.out);
            Thread.sleep(500);
            List<String> echo = fresh(ThreadSyscalls.tidsNamed(ECHO), before);
            List<String> requester = fresh(ThreadSyscalls.tidsNamed(REQUESTER), before);
            assertThat(echo).as("the server's echo threads").hasSize(1);
            assertThat(requester).as("the client's requester threads").hasSize(1);
            int echoInRecv = 0;
            int requesterInRecv = 0;
            List<String> polled = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String[] e = ThreadSyscalls.of(echo.get(0));
                String[] r = ThreadSyscalls.of(requester.get(0));
                echoInRecv += ThreadSyscalls.isRecv(e) ? 1 : 0;
                requesterInRecv += ThreadSyscalls.isRecv(r) ? 1 : 0;
                if (ThreadSyscalls.isEpollWait(e) || ThreadSyscalls.isEpollWait(r)) {
                    polled.add(String.join(" ", e) + " / " + String.join(" ", r));
                }
                Thread.sleep(10);
            }
            TestResult r = run.get();
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(echoInRecv).as("samples of the echo thread blocked in recv").isPositive();
            assertThat(requesterInRecv).as("samples of the requester thread blocked in recv").isPositive();
            assertThat(polled).as("samples in an epoll wait").isEmpty();
            Await.until(5000, "the server sums up", () -> log.toString(StandardCharsets.UTF_8).contains("bounceback done"));
            Await.until(5000, "both threads end", () -> fresh(threads(), before).isEmpty());
        }
    }

    @Test
    void stoppingTheServerEndsItsEchoThreadsAndClosesTheirConnections() throws Exception {
        assumeTrue(ThreadSyscalls.readable(), "/proc/thread-self/syscall is readable");
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL), "epoll is not available here");
        List<String> before = threads();
        try (Server server = startServer(Transport.EPOLL);
             Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            ByteBuf request = Unpooled.buffer(100);
            BouncebackHeader.fillRequest(request, 100);
            BouncebackHeader.stampRequest(request, 100, 1, false, 0, 0, 0);
            s.getOutputStream().write(ByteBufUtil.getBytes(request));
            assertThat(s.getInputStream().readNBytes(100)).as("the echo").hasSize(100);
            assertThat(fresh(ThreadSyscalls.tidsNamed(ECHO), before)).as("echo threads").hasSize(1);
            server.close(); // and again when the block ends: a second close does nothing
            assertThat(s.getInputStream().read()).as("end of stream after the server stopped").isEqualTo(-1);
            Await.until(5000, "the echo's end is logged", () -> log.toString(StandardCharsets.UTF_8)
                    .contains("bounceback ended: the server stopped; 1 requests of 100 bytes echoed"));
            Await.until(5000, "the echo thread ends", () -> fresh(ThreadSyscalls.tidsNamed(ECHO), before).isEmpty());
        }
    }

    @Test
    void nioAndABusyPollingClientKeepTheirConnectionsOnTheLoops() throws Exception {
        assumeTrue(ThreadSyscalls.readable(), "/proc/thread-self/syscall is readable");
        List<String> before = threads();
        try (Server nio = startServer(Transport.NIO)) {
            CompletableFuture<TestResult> run = Client.startBounceback(client(nio, Transport.NIO, 1),
                    BouncebackConfig.defaults(), OutputFormat.NONE, System.out);
            Thread.sleep(500);
            assertThat(fresh(threads(), before)).as("threads of their own, on NIO").isEmpty();
            TestResult r = run.get();
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(r.bytesSent()).isPositive();
        }
        assumeTrue(NettyTransport.isAvailable(Transport.EPOLL), "epoll is not available here");
        try (Server epoll = startServer(Transport.EPOLL)) {
            BouncebackConfig busyPoll = new BouncebackConfig(Duration.ZERO, Duration.ZERO, true, Duration.ofNanos(50_000));
            CompletableFuture<TestResult> run = Client.startBounceback(client(epoll, Transport.EPOLL, 1), busyPoll,
                    OutputFormat.NONE, System.out);
            Thread.sleep(500);
            assertThat(fresh(ThreadSyscalls.tidsNamed(REQUESTER), before)).as("requester threads, busy-polling").isEmpty();
            assertThat(fresh(ThreadSyscalls.tidsNamed(ECHO), before)).as("the server's echo threads").hasSize(1);
            TestResult r = run.get();
            assertThat(r.ok()).as(r.error()).isTrue();
        }
    }

    private static List<String> threads() {
        List<String> tids = new ArrayList<>(ThreadSyscalls.tidsNamed(ECHO));
        tids.addAll(ThreadSyscalls.tidsNamed(REQUESTER));
        return tids;
    }

    private static List<String> fresh(List<String> tids, List<String> before) {
        return tids.stream().filter(t -> !before.contains(t)).toList();
    }
}
