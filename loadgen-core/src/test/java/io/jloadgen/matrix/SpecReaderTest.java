package io.jloadgen.matrix;

import io.jloadgen.config.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class SpecReaderTest {
    static final String MINIMAL = """
            name = "t"
            duration = "5s"
            omit = "1s"
            repeats = 2
            guest_counts = [1, 2]
            streams = [1, 4]
            directions = ["host-to-guest", "guest-to-host"]
            port = 5301
            [[guests]]
            name = "g1"
            address = "127.0.0.2"
            local = true
            [[guests]]
            name = "g2"
            address = "127.0.0.3"
            local = true
            [hooks]
            start = "echo start {name}"
            stop = "echo stop {name}"
            ready_timeout = "7s"
            [variants.base]
            check = "true"
            [variants.big]
            client_args = ["-w", "256K"]
            transport = "nio"
            """;

    @Test
    void parsesEveryKeyIntoTheRecord() {
        MatrixSpec spec = SpecReader.parse(MINIMAL);
        assertThat(spec.name()).isEqualTo("t");
        assertThat(spec.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.omit()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.repeats()).isEqualTo(2);
        assertThat(spec.guestCounts()).containsExactly(1, 2);
        assertThat(spec.streams()).containsExactly(1, 4);
        assertThat(spec.directions()).containsExactly(TestDirection.HOST_TO_GUEST, TestDirection.GUEST_TO_HOST);
        assertThat(spec.port()).isEqualTo(5301);
        assertThat(spec.retries()).isEqualTo(2);
        assertThat(spec.guests()).containsExactly(new GuestSpec(1, "g1", "127.0.0.2", true),
                new GuestSpec(2, "g2", "127.0.0.3", true));
        assertThat(spec.hooks().start()).isEqualTo("echo start {name}");
        assertThat(spec.hooks().readyTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(spec.hooks().timeout()).isEqualTo(HookSpec.DEFAULT_TIMEOUT);
        assertThat(spec.variants()).containsOnlyKeys("base", "big");
        assertThat(spec.variant("base").check()).isEqualTo("true");
        assertThat(spec.variant("big").clientArgs()).containsExactly("-w", "256K");
        assertThat(spec.variant("big").transport()).isEqualTo(Transport.NIO);
        assertThat(spec.adaptiveRepeats()).isFalse();
        assertThat(spec.selftest()).isTrue();
        assertThat(SpecReader.parse("selftest = false\n" + MINIMAL).selftest()).isFalse();
    }

    @Test
    void acceptsRangesForCounts() {
        MatrixSpec spec = SpecReader.parse(MINIMAL.replace("guest_counts = [1, 2]", "guest_counts = \"1-2\"")
                .replace("streams = [1, 4]", "streams = \"1..3, 8\""));
        assertThat(spec.guestCounts()).containsExactly(1, 2);
        assertThat(spec.streams()).containsExactly(1, 2, 3, 8);
    }

    @Test
    void unknownVariantNamesTheKnownOnes() {
        MatrixSpec spec = SpecReader.parse(MINIMAL);
        assertThatThrownBy(() -> spec.variant("patched"))
                .hasMessage("--variant: 'patched' is not in the spec's [variants] (known: base, big)");
    }

    @Test
    void blocksBlockRepeatsAndSwitchAreRead() {
        MatrixSpec spec = SpecReader.parse("blocks = [\"base\", \"big\", \"big\", \"base\"]\nblock_repeats = 3\n"
                + MINIMAL.replace("check = \"true\"", "check = \"true\"\nswitch = \"echo base > /run/v\""));
        assertThat(spec.blocks()).containsExactly("base", "big", "big", "base");
        assertThat(spec.repeatsPerBlock()).isEqualTo(3);
        assertThat(spec.variant("base").switchCommand()).isEqualTo("echo base > /run/v");
        assertThat(spec.variant("big").switchCommand()).isNull();
        // defaults: each variant once in spec order, and as many repeats per block as repeats
        MatrixSpec plain = SpecReader.parse(MINIMAL);
        assertThat(plain.blocks()).containsExactly("base", "big");
        assertThat(plain.repeatsPerBlock()).isEqualTo(2);
        assertThat(new SpecOverrides(null, null, 5, null, null, null).applyTo(plain).repeatsPerBlock()).isEqualTo(5);
        assertThat(new SpecOverrides(null, null, null, null, null, null, null, 1).applyTo(spec).repeatsPerBlock())
                .isEqualTo(1);
        assertThatThrownBy(() -> new SpecOverrides(null, null, null, null, null, null, null, 0).applyTo(spec))
                .hasMessage("--block-repeats: must be 1..1000, not 0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "blocks = [\"base\", \"patched\"]|blocks: block 2: 'patched' is not in the spec's [variants] (known: base, big)",
            "blocks = []|blocks: must be a non-empty list of variant names",
            "blocks = \"base\"|blocks: must be a non-empty list of variant names",
            "blocks = [1]|blocks: must hold variant names (strings), not 1",
            "block_repeats = 0|block_repeats: must be a whole number 1..1000, not 0",
            "block_repeats = \"2\"|block_repeats: must be a whole number 1..1000, not \"2\"",
    })
    void badBlockKeysAreRejectedNamingTheKey(String line, String message) {
        String toml = line.replace("\\n", "\n") + "\n" + MINIMAL;
        assertThatThrownBy(() -> SpecReader.parse(toml)).isInstanceOf(SpecException.class).hasMessageStartingWith(message);
    }

    @Test
    void anEmptySwitchIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> SpecReader.parse(MINIMAL.replace("check = \"true\"", "check = \"true\"\nswitch = \"\"")))
                .hasMessage("variants.base.switch: must be a non-empty string, not \"\"");
    }

    @Test
    void latencyProbeAndHostThreadsAreRead() {
        MatrixSpec off = SpecReader.parse(MINIMAL);
        assertThat(off.latencyProbe()).isFalse();
        assertThat(off.latencyProbeConfig()).isNull();
        assertThat(off.probePeriod()).isEqualTo(Duration.ofMillis(10));
        assertThat(off.hostThreads()).isEmpty();
        MatrixSpec on = SpecReader.parse("latency_probe = true\nprobe_period = \"5ms\"\n" + MINIMAL
                + "[host]\nthreads = [\"vif*\", \"ksoftirqd/*\"]\n");
        assertThat(on.latencyProbeConfig().period()).isEqualTo(Duration.ofMillis(5));
        assertThat(on.hostThreads()).containsExactly("vif*", "ksoftirqd/*");
        // --latency-probe turns it on for a trial run; the spec's period stays
        MatrixSpec cli = new SpecOverrides(null, null, null, null, null, null, true).applyTo(off);
        assertThat(cli.latencyProbeConfig().period()).isEqualTo(Duration.ofMillis(10));
        assertThat(SpecOverrides.NONE.applyTo(on).latencyProbe()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "latency_probe = \"yes\"\\n|latency_probe: must be true or false",
            "probe_period = \"soon\"\\n|probe_period: not a duration: 'soon'",
            "probe_period = \"20s\"\\n|probe_period: must be 0.1ms..10s, not 20s",
            "[host]\\nthreads = \"vif*\"|host.threads: must be a list of thread-name patterns",
            "[host]\\nthreads = [\"vif*\", \"vif*\"]|host.threads: 'vif*' is listed twice",
            "[host]\\nthreads = [\"\"]|host.threads: must hold non-empty strings",
            "[host]\\nthreads = [3]|host.threads: must hold non-empty strings, not 3",
            "[host]\\nthreds = [\"vif*\"]|host.threds: unknown key",
    })
    void badProbeAndThreadKeysAreRejectedNamingTheKey(String toml, String message) {
        String text = toml.replace("\\n", "\n");
        String full = text.startsWith("[host]") ? MINIMAL + text + "\n" : text + MINIMAL;
        assertThatThrownBy(() -> SpecReader.parse(full)).isInstanceOf(SpecException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "name = \"t\"|name = 3|name: must be a non-empty string, not 3",
            "name = \"t\"|name = \"a b\"|name: 'a b' may hold only letters",
            "duration = \"5s\"|duration = \"5 parsecs\"|duration: not a duration: '5 parsecs'",
            "duration = \"5s\"|duration = \"0.5s\"|duration: must be 1s..24h, not 0.5s",
            "repeats = 2|repeats = 0|repeats: must be a whole number 1..1000, not 0",
            "guest_counts = [1, 2]|guest_counts = [1, 3]|guest_counts: 3 exceeds the 2 guests defined in [[guests]] (2)",
            "guest_counts = [1, 2]|guest_counts = [2, 2]|guest_counts: 2 is listed twice",
            "guest_counts = [1, 2]|guest_counts = []|guest_counts: must be a non-empty list",
            "streams = [1, 4]|streams = [0]|streams: 0 is below 1",
            "streams = [1, 4]|streams = \"4-1\"|streams: range '4-1' runs backwards",
            "directions = [\"host-to-guest\", \"guest-to-host\"]|directions = [\"up\"]|directions: expected one of host-to-guest, guest-to-host, bidir, not 'up'",
            "port = 5301|port = 70000|port: must be a whole number 1..65535, not 70000",
            "port = 5301|prot = 5301|prot: unknown key",
            "address = \"127.0.0.3\"|address = \"127.0.0.2\"|guests[2].address: '127.0.0.2' is used by an earlier guest",
            "address = \"127.0.0.3\"|address = \"127.0.0.3; rm -rf /\"|guests[2].address: '127.0.0.3; rm -rf /' may hold only",
            "name = \"g2\"|nmae = \"g2\"|guests[2].nmae: unknown key",
            "local = true|local = \"yes\"|guests[1].local: must be true or false",
            "ready_timeout = \"7s\"|ready_timeout = \"soon\"|hooks.ready_timeout: not a duration: 'soon'",
            "stop = \"echo stop {name}\"|# no stop|hooks.stop: start and stop hooks come in pairs",
            "client_args = [\"-w\", \"256K\"]|client_args = [\"-t\", \"60\"]|variants.big.client_args: unsupported option '-t'",
            "client_args = [\"-w\", \"256K\"]|client_args = [\"-w\"]|variants.big.client_args: -w: needs a value",
            "client_args = [\"-w\", \"256K\"]|client_args = [\"-w\", \"lots\"]|variants.big.client_args: -w: invalid size 'lots'",
            "transport = \"nio\"|transport = \"carrier-pigeon\"|variants.big.transport: expected auto, epoll, io_uring or nio, not 'carrier-pigeon'",
            "check = \"true\"|chek = \"true\"|variants.base.chek: unknown key",
            "repeats = 2|repeats = 2\\ntarget_ci_pct = 5|target_ci_pct: needs max_repeats",
            "repeats = 2|repeats = 3\\nmax_repeats = 2|max_repeats: must be at least repeats (3), not 2",
            "repeats = 2|repeats = 2\\norder = \"random\"|order: expected 'in-order' or 'shuffled', not 'random'",
            "repeats = 2|repeats = 2\\nselftest = \"no\"|selftest: must be true or false",
    })
    void invalidValuesAreRejectedNamingTheKey(String original, String replacement, String message) {
        String toml = MINIMAL.replace(original, replacement.replace("\\n", "\n"));
        assertThat(toml).isNotEqualTo(MINIMAL);
        assertThatThrownBy(() -> SpecReader.parse(toml)).isInstanceOf(SpecException.class).hasMessageStartingWith(message);
    }

    @Test
    void missingSectionsAreNamed() {
        assertThatThrownBy(() -> SpecReader.parse("name = \"x\"\n[variants.a]\n"))
                .hasMessage("guests: at least one [[guests]] table is required");
        assertThatThrownBy(() -> SpecReader.parse("name = \"x\"\n[[guests]]\nname = \"a\"\naddress = \"127.0.0.2\"\n"))
                .hasMessage("variants: at least one [variants.NAME] table is required");
        assertThatThrownBy(() -> SpecReader.parse("[[guests]]\nname = \"a\"\naddress = \"127.0.0.2\"\n"))
                .hasMessage("name: is required");
        assertThatThrownBy(() -> SpecReader.parse("name = \"x\"\nduration = \n"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("(file): not valid TOML");
    }

    @Test
    void defaultsWhenKeysAreLeftOut() {
        MatrixSpec spec = SpecReader.parse("""
                name = "d"
                [[guests]]
                name = "a"
                address = "127.0.0.2"
                [[guests]]
                name = "b"
                address = "127.0.0.3"
                [variants.v]
                """);
        assertThat(spec.guestCounts()).containsExactly(1, 2);
        assertThat(spec.streams()).containsExactly(1);
        assertThat(spec.directions()).containsExactly(TestDirection.HOST_TO_GUEST, TestDirection.GUEST_TO_HOST);
        assertThat(spec.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.omit()).isEqualTo(Duration.ZERO);
        assertThat(spec.port()).isEqualTo(5201);
        assertThat(spec.hooks()).isEqualTo(HookSpec.none());
        assertThat(spec.order()).isEqualTo(MatrixSpec.Order.IN_ORDER);
        assertThat(spec.guests()).extracting(GuestSpec::local).containsExactly(false, false);
        assertThat(spec.variants().get("v").clientArgs()).isEqualTo(List.of());
    }
}
