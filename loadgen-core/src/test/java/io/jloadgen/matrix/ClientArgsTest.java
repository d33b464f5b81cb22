package io.jloadgen.matrix;

import io.jloadgen.config.ClientConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientArgsTest {
    private static ClientConfig apply(String... args) {
        return ClientArgs.apply(List.of(args), ClientConfig.builder("127.0.0.1"), "variants.v.client_args").build();
    }

    @Test
    void aVariantMayPaceItsStreamsInTheKernel() {
        ClientConfig c = apply("--fq-rate", "2.5G", "-N", "-w", "1M");
        assertThat(c.fqRateBps()).isEqualTo(2_500_000_000L);
        assertThat(c.noDelay()).isTrue();
        assertThat(c.socketBufferBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void whatTheMatrixSetsIsRefusedWithTheListOfWhatIsNot() {
        assertThatThrownBy(() -> apply("-P", "4")).isInstanceOf(SpecException.class)
                .hasMessageContaining("variants.v.client_args").hasMessageContaining("unsupported option '-P'")
                .hasMessageContaining("--fq-rate");
        assertThatThrownBy(() -> apply("--fq-rate")).hasMessageContaining("--fq-rate");
    }
}
