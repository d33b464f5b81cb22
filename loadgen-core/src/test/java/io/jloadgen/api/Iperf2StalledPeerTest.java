package io.jloadgen.api;

import io.jloadgen.config.ClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An iperf 2 "server" that accepts and then never reads: the sending client must end the test with a clear
 * error within its control timeout, not wait forever for its last blocks to leave.
 */
@Timeout(30)
class Iperf2StalledPeerTest {
    @Test
    void clientGivesUpOnAPeerThatStopsReading() throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(4096);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = listener.accept()) {
                    Thread.sleep(25_000); // holds the connection open and unread
                } catch (Exception e) {
                    // the listener closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            ClientConfig config = ClientConfig.builder("127.0.0.1").port(listener.getLocalPort())
                    .duration(Duration.ofSeconds(1)).controlTimeout(Duration.ofSeconds(2)).build();
            long t0 = System.nanoTime();
            TestResult r = Client.startIperf2(config, OutputFormat.NONE, System.out, false).get(20, TimeUnit.SECONDS);
            assertThat(r.ok()).isFalse();
            assertThat(r.error()).contains("peer stalled");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("ended by the control timeout")
                    .isLessThan(15);
            acceptor.interrupt();
        }
    }
}
