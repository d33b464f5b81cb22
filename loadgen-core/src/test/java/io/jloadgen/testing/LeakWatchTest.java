package io.jloadgen.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch the fault tests rely on sees a real leak: without this, "0 leaks" would prove nothing. */
@Timeout(30)
class LeakWatchTest {

    @Test
    void seesABufferThatWasNeverReleased() {
        try (LeakWatch watch = LeakWatch.install()) {
            leakOne();
            for (int round = 0; round < 20 && watch.leaks().isEmpty(); round++) {
                LeakWatch.provokeReports();
            }
            assertThat(watch.leaks()).as("Netty's report of the buffer leaked on purpose").isNotEmpty();
            assertThat(watch.leaks().get(0)).contains("LEAK");
        }
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(42); // touched, never released, then unreachable
    }
}
