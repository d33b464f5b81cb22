package io.jloadgen.matrix;

import io.jloadgen.host.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class RecordAssemblerTest {
    final MatrixSpec spec = SpecReader.parse(SpecReaderTest.MINIMAL.replace("port = 5301",
            "port = 5301\norder = \"shuffled\"\nseed = 99"));
    final HostInfo host = new HostInfo("dom0", "6.1.0-napi", "Intel Xeon X5650", 12, "b00t");

    @Test
    void environmentNamesHostKernelSpecTransportAndSeed() {
        Map<String, Object> env = RecordAssembler.environment(spec, spec.variant("big"), "f00d", host);
        assertThat(env).containsEntry("host", "dom0").containsEntry("kernel", "6.1.0-napi")
                .containsEntry("cpu_model", "Intel Xeon X5650").containsEntry("cpus", 12)
                .containsEntry("boot_id", "b00t").containsEntry("spec_sha256", "f00d")
                .containsEntry("transport", "nio").containsEntry("client_args", List.of("-w", "256K"))
                .containsEntry("order", "shuffled").containsEntry("seed", 99L)
                .containsKey("jloadgen_version");
    }

    @Test
    void aFailedRecordCarriesTheReasonTheAttemptsAndNoFigures() {
        RecordAssembler a = new RecordAssembler(spec, Map.of("host", "dom0"));
        ResultRecord r = a.failed(new TestKey("base", TestDirection.GUEST_TO_HOST, 2, 4, 3),
                Instant.parse("2026-01-02T03:04:05.678901Z"), "guest g2: connection refused", 3);
        assertThat(r.schema()).isEqualTo("jloadgen.result/1");
        assertThat(r.experiment()).isEqualTo("t");
        assertThat(r.direction()).isEqualTo("guest-to-host");
        assertThat(r.guests()).isEqualTo(2);
        assertThat(r.streams()).isEqualTo(4);
        assertThat(r.repeat()).isEqualTo(3);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo("guest g2: connection refused");
        assertThat(r.startedAt()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(r.durationS()).isEqualTo(5.0);
        assertThat(r.omitS()).isEqualTo(1.0);
        assertThat(r.throughputGbps()).isZero();
        assertThat(r.guestGbps()).isEmpty();
        assertThat(r.hostCpuPct()).isNull();
        assertThat(r.flags()).containsExactly("retried:2");
        assertThat(r.env()).containsEntry("host", "dom0");
    }
}
