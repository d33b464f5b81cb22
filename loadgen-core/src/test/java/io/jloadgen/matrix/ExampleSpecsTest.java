package io.jloadgen.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every spec a user may copy parses and validates, so examples cannot rot. */
@Timeout(10)
class ExampleSpecsTest {
    static Path examples() {
        // surefire runs in the module directory; examples/ is at the repository root
        Path dir = Path.of("").toAbsolutePath().getParent().resolve("examples");
        assertThat(dir).isDirectory();
        return dir;
    }

    @Test
    void everyExampleParses() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.list(examples())) {
            specs = files.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
        assertThat(specs).extracting(p -> p.getFileName().toString())
                .contains("loopback.toml", "netns.toml", "netns-queue.toml", "xen-netback.toml");
        for (Path p : specs) {
            MatrixSpec spec = SpecReader.read(p);
            assertThat(spec.variants()).as(p.toString()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void referenceExperimentHasTheSeedsShape() throws IOException {
        MatrixSpec spec = SpecReader.read(examples().resolve("xen-netback.toml"));
        assertThat(spec.guestCounts()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(spec.streams()).containsExactly(1, 2, 3, 4);
        assertThat(spec.repeats()).isEqualTo(3);
        assertThat(spec.duration().toSeconds()).isEqualTo(120);
        assertThat(spec.directions()).containsExactly(TestDirection.HOST_TO_GUEST, TestDirection.GUEST_TO_HOST);
        assertThat(spec.variants()).containsOnlyKeys("base", "patched");
        // latency under load and the netback threads' CPU, in the same run
        assertThat(spec.latencyProbeConfig().period().toMillis()).isEqualTo(10);
        assertThat(spec.hostThreads()).containsExactly("vif*", "ksoftirqd/*");
    }

    @Test
    void netnsWatchesTheSoftirqThreads() throws IOException {
        MatrixSpec spec = SpecReader.read(examples().resolve("netns.toml"));
        assertThat(spec.hostThreads()).containsExactly("ksoftirqd/*");
    }

    /** Both variants in one --all run: switches that flip GRO without a reboot, checks that read the same state. */
    @Test
    void netnsAndXenRunAllTheirBlocksABBA() throws IOException {
        MatrixSpec netns = SpecReader.read(examples().resolve("netns.toml"));
        assertThat(netns.blocks()).containsExactly("gro-on", "gro-off", "gro-off", "gro-on");
        assertThat(netns.repeatsPerBlock()).as("two per block: the least the report tests blocks for drift with")
                .isEqualTo(2);
        BlockCampaign.requireSwitchable(netns);
        assertThat(netns.variant("gro-off").switchCommand()).startsWith("echo gro-off > /run/jloadgen-netns.variant")
                .contains("ethtool -K \"${d##*/}\" gro off");
        assertThat(netns.variant("gro-off").check()).contains("grep -qx gro-off /run/jloadgen-netns.variant");
        assertThat(netns.hooks().start()).contains("grep -qx gro-off /run/jloadgen-netns.variant");

        MatrixSpec xen = SpecReader.read(examples().resolve("xen-netback.toml"));
        assertThat(xen.blocks()).containsExactly("base", "patched", "patched", "base");
        BlockCampaign.requireSwitchable(xen);
        assertThat(xen.variants().values()).allSatisfy(v -> assertThat(v.switchCommand())
                .startsWith("grub-reboot '").contains("&& systemctl reboot"));
        assertThat(examples().resolve("systemd").resolve("jloadgen-campaign.service")).content()
                .contains("Type=oneshot").contains("After=network-online.target")
                .contains("matrix examples/xen-netback.toml --all --resume");
    }

    @Test
    void netnsQueueProbesLatencyAndItsVariantsDifferOnlyInTheQueue() throws IOException {
        MatrixSpec spec = SpecReader.read(examples().resolve("netns-queue.toml"));
        assertThat(spec.latencyProbeConfig()).isNotNull();
        assertThat(spec.variants()).containsOnlyKeys("deep", "shallow");
        assertThat(spec.variant("deep").setup()).endsWith("router 2mb");
        assertThat(spec.variant("shallow").setup()).endsWith("router 32kb");
        assertThat(spec.variant("deep").clientArgs()).isEqualTo(spec.variant("shallow").clientArgs())
                .containsExactly("-C", "cubic");
        assertThat(examples().resolve("netns-queue.sh")).isRegularFile();
    }

    @Test
    void loopbackUsesOnlyLocalGuestsOnLoopbackAddresses() throws IOException {
        MatrixSpec spec = SpecReader.read(examples().resolve("loopback.toml"));
        assertThat(spec.guests()).allSatisfy(g -> {
            assertThat(g.local()).isTrue();
            assertThat(g.address()).startsWith("127.0.0.");
        });
        assertThat(spec.variant("paced-2g").clientArgs()).containsExactly("-b", "2G");
        assertThat(spec.variant("unpaced").clientArgs()).isEmpty();
    }
}
