package io.jloadgen.api;

import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.testing.ThreadSyscalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Between a request and its reply, the event loops of jloadgen's client and server wait in the kernel
 * without a timeout, so no timer is armed per round trip (on this project's 2-vCPU VM that timer cost a C
 * echo server 6% of its round trips). Sampled from /proc while a back-to-back bounceback test runs: the
 * session's clock and the echo's silence check must stay off the loops. Over NIO, whose selector waits in
 * epoll too: on epoll the round trips leave the loops for threads of their own (BouncebackThreadsTest).
 */
@Timeout(60)
class RoundTripWaitTest {
    @Test
    void clientAndServerLoopsWaitWithoutATimeoutDuringBackToBackRoundTrips() throws Exception {
        assumeTrue(ThreadSyscalls.readable(), "/proc/thread-self/syscall is readable, with x86-64 numbers");
        List<String> before = new ArrayList<>(ThreadSyscalls.tidsNamed("jloadgen-client"));
        before.addAll(ThreadSyscalls.tidsNamed("jloadgen-server"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.NIO, 2, Duration.ofSeconds(5), 8),
                new PrintStream(log, true, StandardCharsets.UTF_8))) {
            ClientConfig config = ClientConfig.builder("127.0.0.1").port(server.port()).duration(Duration.ofSeconds(3))
                    .transport(Transport.NIO).blockSize(BouncebackConfig.DEFAULT_SIZE).build();
            CompletableFuture<TestResult> run = Client.startBounceback(config, BouncebackConfig.defaults(),
                    OutputFormat.NONE, System.out);
            Thread.sleep(500);
            List<String> client = fresh(ThreadSyscalls.tidsNamed("jloadgen-client"), before);
            List<String> server1 = fresh(ThreadSyscalls.tidsNamed("jloadgen-server"), before);
            assertThat(client).as("client loop threads").isNotEmpty();
            assertThat(server1).as("server loop threads").isNotEmpty();
            int clientWaits = 0;
            int serverWaits = 0;
            List<String> timed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                for (String tid : client) {
                    String[] s = ThreadSyscalls.of(tid);
                    clientWaits += ThreadSyscalls.isEpollWait(s) ? 1 : 0;
                    if (ThreadSyscalls.isEpollWait(s) && !ThreadSyscalls.isUntimedWait(s)) {
                        timed.add("client " + String.join(" ", s));
                    }
                }
                for (String tid : server1) {
                    String[] s = ThreadSyscalls.of(tid);
                    serverWaits += ThreadSyscalls.isEpollWait(s) ? 1 : 0;
                    if (ThreadSyscalls.isEpollWait(s) && !ThreadSyscalls.isUntimedWait(s)) {
                        timed.add("server " + String.join(" ", s));
                    }
                }
                Thread.sleep(10);
            }
            TestResult r = run.get();
            assertThat(r.ok()).as(r.error()).isTrue();
            assertThat(clientWaits).as("samples of the client's loops waiting").isPositive();
            assertThat(serverWaits).as("samples of the server's loops waiting").isPositive();
            assertThat(timed).as("waits with a timeout, of %d client and %d server waits seen", clientWaits, serverWaits)
                    .isEmpty();
        }
    }

    private static List<String> fresh(List<String> tids, List<String> before) {
        return tids.stream().filter(t -> !before.contains(t)).toList();
    }
}
