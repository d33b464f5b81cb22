package io.jloadgen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class MatrixCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int execute(String... args) {
        CommandLine cl = new CommandLine(new MatrixCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    static Path examples() {
        return Path.of("").toAbsolutePath().getParent().resolve("examples");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            return s.getLocalPort();
        }
    }

    /** A small campaign over local guests on 127.0.0.2 and .3. */
    Path localSpec(int port, String extra) throws IOException {
        Path spec = dir.resolve("small.toml");
        Files.writeString(spec, """
                name = "small"
                duration = "1s"
                omit = "0s"
                repeats = 2
                guest_counts = [1, 2]
                streams = [1, 2]
                directions = ["host-to-guest", "guest-to-host"]
                port = %d
                retries = 1
                selftest = false
                [[guests]]
                name = "a"
                address = "127.0.0.2"
                local = true
                [[guests]]
                name = "b"
                address = "127.0.0.3"
                local = true
                [hooks]
                ready_timeout = "5s"
                %s
                [variants.base]
                """.formatted(port, extra));
        return spec;
    }

    @Test
    void dryRunPrintsThePlanOfTheLoopbackExample() {
        int code = execute(examples().resolve("loopback.toml").toString(), "--variant", "paced-2g", "--dry-run",
                "--out", dir.toString());
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("plan: experiment loopback, variant paced-2g")
                .contains("client: -b 2G transport auto")
                .contains("  guests 3 (lo-1,lo-2,lo-3), repeat 2:")
                // 3 guest counts x 2 repeats x 2 streams x 2 directions; 24 x (1 + 3 + 1) s
                .contains("tests: 24 in 6 guest sessions")
                .contains("estimated wall time: 2m")
                .contains("results would go to " + dir.resolve("loopback").resolve("paced-2g.jsonl"))
                .doesNotContain("latency probe");
        assertThat(dir.resolve("loopback")).doesNotExist();
    }

    @Test
    void latencyProbeOptionTurnsTheProbeOnAndTheXenExampleWatchesNetbackThreads() {
        int code = execute(examples().resolve("loopback.toml").toString(), "--variant", "paced-2g", "--dry-run",
                "--latency-probe", "--out", dir.toString());
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).contains("latency probe: one per guest, a round trip every 10ms");
        out.getBuffer().setLength(0);
        assertThat(execute(examples().resolve("xen-netback.toml").toString(), "--variant", "base", "--dry-run",
                "--out", dir.toString())).isZero();
        assertThat(out.toString()).contains("latency probe: one per guest, a round trip every 10ms")
                .contains("thread CPU recorded for: vif*, ksoftirqd/*");
    }

    @Test
    void overridesShrinkTheDryRunPlan() {
        int code = execute(examples().resolve("xen-netback.toml").toString(), "--variant", "base", "--dry-run",
                "--duration", "5s", "--omit", "0", "--repeats", "1", "--guest-counts", "1,8", "--streams", "1-2",
                "--directions", "guest-to-host", "--out", dir.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("tests: 4 in 2 guest sessions")
                .contains("each test: 0ms omitted + 5s measured")
                // 4 x (0 + 5 + 1) s, plus guest boots the tool cannot know
                .contains("estimated wall time: 24s plus 2 guest start/stop cycles (readiness up to 3m each)");
    }

    @Test
    void usageErrorsExitWith2AndNameTheProblem() throws IOException {
        String loopback = examples().resolve("loopback.toml").toString();
        assertThat(execute(loopback, "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).contains("jloadgen matrix: --variant: required: the spec has variants unpaced, paced-2g");
        assertThat(execute(loopback, "--variant", "huge", "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).contains("--variant: 'huge' is not in the spec's [variants] (known: unpaced, paced-2g)");
        assertThat(execute(loopback, "--variant", "unpaced", "--dry-run", "--streams", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--streams: 0 is below 1");
        assertThat(execute(loopback, "--variant", "unpaced", "--dry-run", "--directions", "sideways")).isEqualTo(2);
        assertThat(err.toString()).contains("--directions: expected one of host-to-guest, guest-to-host, bidir, not 'sideways'");
        assertThat(execute(loopback, "--variant", "unpaced", "--dry-run", "--guest-counts", "4")).isEqualTo(2);
        assertThat(err.toString()).contains("--guest-counts: 4 exceeds the 3 guests defined in the spec (3)");
        assertThat(execute(dir.resolve("missing.toml").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read " + dir.resolve("missing.toml"));
        Path bad = dir.resolve("bad.toml");
        Files.writeString(bad, "name = \"x\"\nrepeats = -1\n");
        assertThat(execute(bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("repeats: must be a whole number 1..1000, not -1");
    }

    @Test
    void runsACampaignRefusesToMixAndResumes() throws IOException {
        Path spec = localSpec(freePort(), "");
        String[] args = {spec.toString(), "--out", dir.toString(), "--plain", "--guest-counts", "2", "--repeats", "1",
                "--streams", "1"};
        int code = execute(args);
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        Path results = dir.resolve("small").resolve("base.jsonl");
        assertThat(Files.readAllLines(results)).hasSize(2);
        assertThat(out.toString()).contains("campaign small, variant base: 2 tests, 0 already recorded, 2 to run")
                .contains("[1/2] base host-to-guest guests=2 streams=1 repeat=1: ")
                .contains("[2/2] base guest-to-host guests=2 streams=1 repeat=1: ")
                .contains("small/base: 2 ok, 0 failed recorded now, 0 already recorded");

        assertThat(execute(args)).isEqualTo(2);
        assertThat(err.toString()).contains("--resume: " + results + " already holds 2 results");

        List<String> dryResume = new ArrayList<>(List.of(args));
        dryResume.addAll(List.of("--resume", "--dry-run"));
        dryResume.set(dryResume.indexOf("--streams") + 1, "1,2");
        assertThat(execute(dryResume.toArray(String[]::new))).isZero();
        assertThat(out.toString()).contains("   1  host-to-guest streams 1  (recorded, skipped)")
                .contains("   3  host-to-guest streams 2" + System.lineSeparator())
                .contains("tests: 4 in 1 guest sessions, 2 still to run");

        List<String> withResume = new ArrayList<>(List.of(args));
        withResume.add("--resume");
        withResume.set(withResume.indexOf("--streams") + 1, "1,2");
        assertThat(execute(withResume.toArray(String[]::new))).isZero();
        assertThat(out.toString()).contains("small/base: 2 ok, 0 failed recorded now, 2 already recorded");
        assertThat(Files.readAllLines(results)).hasSize(4);
    }

    @Test
    void aFailingHookExitsWith1AndShowsItsOutput() throws IOException {
        Path spec = localSpec(freePort(), "before_test = \"echo disk full >&2; exit 28\"");
        int code = execute(spec.toString(), "--out", dir.toString(), "--plain", "--guest-counts", "1");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("campaign stopped: hook 'before_test' exited with status 28")
                .contains("disk full").contains("continue with --resume");
    }

    @Test
    void failedTestsAreRecordedAndExitWith3() throws IOException {
        Path spec = dir.resolve("nobody.toml");
        Files.writeString(spec, """
                name = "nobody"
                duration = "1s"
                port = %d
                retries = 0
                selftest = false
                streams = [1, 2]
                directions = ["guest-to-host"]
                [[guests]]
                name = "ghost"
                address = "127.0.0.9"
                [hooks]
                ready_timeout = "300ms"
                [variants.base]
                """.formatted(freePort()));
        int code = execute(spec.toString(), "--out", dir.toString(), "--plain");
        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).contains("FAILED guest not ready: 127.0.0.9:")
                .contains("nobody/base: 0 ok, 2 failed recorded now");
    }

    /**
     * The durability promise end to end: a controller killed with SIGKILL mid-campaign loses nothing finished,
     * and --resume completes the campaign with every test recorded exactly once.
     */
    @Test
    void killedControllerResumesWithEveryTestRecordedOnce() throws Exception {
        Path spec = localSpec(freePort(), "");
        Path results = dir.resolve("small").resolve("base.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.jloadgen.cli.Main", "matrix", spec.toString(), "--out", dir.toString(), "--plain")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            // kill it once three of the 16 tests are on disk: in the middle of the fourth
            while (lines(results) < 3) {
                assertThat(child.isAlive()).as("child ended early: %s", read(dir.resolve("child.log"))).isTrue();
                Thread.sleep(50);
            }
            Thread.sleep(300);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
            child.waitFor(10, TimeUnit.SECONDS);
        }
        int survived = lines(results);
        assertThat(survived).isBetween(3, 15);

        int code = execute(spec.toString(), "--out", dir.toString(), "--plain", "--resume");
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).contains("16 tests, " + survived + " already recorded");

        ObjectMapper json = new ObjectMapper();
        Set<String> keys = new HashSet<>();
        List<String> lines = Files.readAllLines(results);
        for (String line : lines) {
            JsonNode r = json.readTree(line);
            assertThat(r.get("status").asText()).isEqualTo("ok");
            keys.add(r.get("direction").asText() + "/" + r.get("guests").asInt() + "/" + r.get("streams").asInt() + "/"
                    + r.get("repeat").asInt());
        }
        assertThat(lines).hasSize(16);
        assertThat(keys).hasSize(16);
    }

    /** SIGINT stops after the tests that finished, with whole lines on disk, and says how to continue. */
    @Test
    void sigintStopsCleanlyAndResumeFinishes() throws Exception {
        Path spec = localSpec(freePort(), "");
        Path results = dir.resolve("small").resolve("base.jsonl");
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.jloadgen.cli.Main", "matrix", spec.toString(), "--out", dir.toString(), "--plain")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            while (lines(results) < 2) {
                assertThat(child.isAlive()).as("child ended early: %s", read(log)).isTrue();
                Thread.sleep(50);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(130); // the JVM's status for SIGINT, after our shutdown hook
        assertThat(read(log)).contains("jloadgen matrix: stopped; continue with --resume");
        int recorded = lines(results);
        assertThat(recorded).isBetween(2, 15);
        assertThat(read(log)).contains("small/base: " + recorded + " ok, 0 failed recorded now");
        for (String line : Files.readAllLines(results)) {
            assertThat(new ObjectMapper().readTree(line).get("status").asText()).isEqualTo("ok");
        }
        assertThat(execute(spec.toString(), "--out", dir.toString(), "--plain", "--resume")).isZero();
        assertThat(lines(results)).isEqualTo(16);
    }

    private static int lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return (int) Files.readString(file).chars().filter(c -> c == '\n').count();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
