package io.jloadgen.api;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SelfTestTest {
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "IO_URING", "NIO"})
    @Timeout(30)
    void measuresLoopbackOnEveryTransport(Transport transport) {
        assumeTrue(NettyTransport.isAvailable(transport), transport.label() + " unavailable here");

        SelfTestResult r = SelfTest.run(new SelfTest.Options(Duration.ofSeconds(1), Duration.ZERO, 2, transport, 0,
                ClientConfig.DEFAULT_TCP_BLOCK));

        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(r.transport()).isEqualTo(transport.label());
        assertThat(r.streams()).isEqualTo(2);
        assertThat(r.cores()).isEqualTo(cores);
        assertThat(r.clientThreads()).isEqualTo(Math.min(cores, 2));
        assertThat(r.serverThreads()).isEqualTo(cores);
        assertThat(r.durationS()).isPositive();
        assertThat(r.bytesReceived()).isPositive();
        assertThat(r.throughputGbps()).isEqualTo(r.bytesReceived() * 8.0 / r.durationS() / 1e9);
        assertThat(r.gbpsPerCore()).isEqualTo(r.throughputGbps() / cores);
        assertThat(r.hostCpuSeconds()).isPositive();
        assertThat(r.cpuSecondsPerGb()).isEqualTo(r.hostCpuSeconds() / (r.bytesReceived() / 1e9));
    }

    @Test
    void optionsNameTheOffendingFlag() {
        assertThatThrownBy(() -> new SelfTest.Options(Duration.ZERO, Duration.ZERO, 0, Transport.AUTO, 0, 1024))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> new SelfTest.Options(Duration.ofSeconds(1), Duration.ofSeconds(-1), 0, Transport.AUTO, 0, 1024))
                .hasMessageContaining("--warmup");
        assertThatThrownBy(() -> new SelfTest.Options(Duration.ofSeconds(1), Duration.ZERO, 129, Transport.AUTO, 0, 1024))
                .hasMessageContaining("--streams");
    }
}
