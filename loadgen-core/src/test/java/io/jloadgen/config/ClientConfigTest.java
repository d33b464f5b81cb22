package io.jloadgen.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientConfigTest {
    @Test
    void omitIsWholeSecondsBecauseTheServerLearnsItInSeconds() {
        assertThatThrownBy(() -> ClientConfig.builder("h").omit(Duration.ofMillis(500)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-O/--omit: whole seconds (the iperf3 protocol carries the warm-up in seconds), not 0.5 s");
        assertThat(ClientConfig.builder("h").omit(Duration.ofSeconds(2)).build().omit()).hasSeconds(2);
    }
}
