package io.jloadgen.cli;

import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --dont-fragment} where it matters: through namespaces whose veths have a 1500-byte MTU (the netns-queue
 * topology, unshaped enough not to matter), 2000-byte datagrams leave in fragments without it, and with it the
 * test fails as iperf3's does ("Message too long"), whichever end sends, instead of reporting no loss of nothing.
 */
@Timeout(120)
class DontFragmentNetnsTest {
    private QueueTopology topology;

    @BeforeEach
    void usable() {
        QueueTopology.assumeUsable("DontFragmentNetnsTest");
    }

    @AfterEach
    void tearDown() {
        if (topology != null) {
            topology.close();
        }
    }

    private TestResult run(Direction direction, boolean dontFragment) {
        ClientConfig config = ClientConfig.builder(topology.guestAddress()).port(QueueTopology.PORT).udp(true)
                .blockSize(2000).bitrateBps(5_000_000).duration(Duration.ofSeconds(1)).direction(direction)
                .dontFragment(dontFragment).build();
        return Client.run(config, OutputFormat.NONE, System.out);
    }

    @Test
    void datagramsAboveThePathMtuFailWithDontFragmentAndAreFragmentedWithout() throws Exception {
        topology = QueueTopology.start("DontFragmentNetnsTest", "1gbit", "2mb");
        TestResult fragmented = run(Direction.FORWARD, false);
        assertThat(fragmented.ok()).as("%s\nserver: %s", fragmented.error(), topology.serverLog()).isTrue();
        assertThat(fragmented.bytesReceived()).isPositive();
        for (Direction d : new Direction[] {Direction.FORWARD, Direction.REVERSE}) {
            TestResult r = run(d, true);
            assertThat(r.ok()).as("%s with --dont-fragment", d).isFalse();
            assertThat(r.error()).as("%s\nserver: %s", d, topology.serverLog())
                    .contains("unable to write to stream socket").contains("Message too long");
        }
    }
}
