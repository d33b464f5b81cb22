package io.jloadgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jloadgen matrix SPEC --all} and {@code jloadgen matrix status DIR} through the command line: two variants
 * whose switch writes a state file their check reads, a local guest on 127.0.0.2, blocks A B B A.
 */
@Timeout(180)
class MatrixAllCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Through the root command, as {@code Main} runs it, so the {@code status} subcommand is found there too. */
    int execute(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = JloadgenCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("matrix"));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    Path state() {
        return dir.resolve("state");
    }

    Path campaign() {
        return dir.resolve("ab");
    }

    /** Variant a is the state "a" or no state (a fresh system); b is "b". */
    Path spec(String switchB) throws IOException {
        Path spec = dir.resolve("ab.toml");
        Files.writeString(spec, """
                name = "ab"
                duration = "1s"
                omit = "0s"
                repeats = 1
                guest_counts = [1]
                streams = [1]
                directions = ["host-to-guest", "guest-to-host"]
                port = %d
                retries = 0
                selftest = false
                blocks = ["a", "b", "b", "a"]
                [[guests]]
                name = "g1"
                address = "127.0.0.2"
                local = true
                [hooks]
                ready_timeout = "5s"
                [variants.a]
                check = "[ \\"$(cat %3$s 2>/dev/null || echo a)\\" = a ]"
                switch = "echo a > %3$s"
                [variants.b]
                check = "grep -qx b %3$s"
                switch = "%2$s"
                """.formatted(MatrixCommandTest.freePort(), switchB.replace("DIR", dir.toString()), state()));
        return spec;
    }

    /**
     * A reboot, as the controller sees it: the switch to b writes the state and then kills the controller's JVM with
     * SIGKILL (once). The resume finds b reached, runs every remaining test, switches back for block 4, and every
     * test is recorded exactly once. A resume on a system in no variant records nothing.
     */
    @Test
    void controllerKilledRightAfterASwitchResumesWithEveryTestRecordedOnce() throws Exception {
        Path spec = spec("echo b > DIR/state && if [ ! -e DIR/killed ]; then touch DIR/killed; kill -9 $PPID; fi");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.jloadgen.cli.Main",
                "matrix", spec.toString(), "--all", "--out", dir.toString(), "--plain")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("killed by its switch").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(137); // 128 + SIGKILL
        assertThat(Files.readString(state()).strip()).isEqualTo("b");
        assertThat(lines(campaign().resolve("a.jsonl"))).hasSize(2);
        assertThat(campaign().resolve("b.jsonl")).doesNotExist();
        assertThat(lines(campaign().resolve("switches.journal"))).hasSize(1).first().asString()
                .contains("\"block\":2,\"from\":\"a\",\"to\":\"b\"").contains("\"attempt\":1");

        // the status, from disk, while nobody runs the campaign
        assertThat(execute("status", campaign().toString())).isZero();
        assertThat(out.toString()).contains("campaign ab (" + campaign() + "): 4 blocks, 8 tests")
                .containsPattern("  1 +a +1-1 +2 +0 +0\\n").containsPattern("  2 +b +1-1 +0 +0 +2  <- next\\n")
                .contains("  variant a: 2 ok, 0 failed, 2 pending").contains("total: 2 ok, 0 failed, 6 pending")
                .contains("switches: 1; last: block 2, a -> b").contains("time left: about ");

        // a system in no variant: the resume stops before recording anything
        Files.writeString(state(), "x\n");
        assertThat(execute(spec.toString(), "--all", "--resume", "--out", dir.toString(), "--plain")).isEqualTo(1);
        assertThat(err.toString()).contains("campaign stopped: the system matches no variant: every variant's check fails")
                .contains("  b: grep -qx b " + state() + " -> exit 1 (no output)");
        assertThat(campaign().resolve("b.jsonl")).doesNotExist();
        assertThat(lines(campaign().resolve("a.jsonl"))).hasSize(2);

        Files.writeString(state(), "b\n"); // the reboot brought the system into b
        int code = execute(spec.toString(), "--all", "--resume", "--out", dir.toString(), "--plain");
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).contains("block 2 of 4: b, repeats 1-1, 2 of 2 tests to run")
                .contains("block 4: switching b -> a (attempt 1 of 2)")
                .contains("ab: 6 ok, 0 failed recorded now, 2 already recorded");

        ObjectMapper json = new ObjectMapper();
        Set<String> keys = new HashSet<>();
        int records = 0;
        for (String variant : List.of("a", "b")) {
            for (String line : lines(campaign().resolve(variant + ".jsonl"))) {
                JsonNode r = json.readTree(line);
                assertThat(r.get("status").asText()).isEqualTo("ok");
                assertThat(r.get("variant").asText()).isEqualTo(variant);
                keys.add(variant + "/" + r.get("block").asInt() + "/" + r.get("repeat").asInt() + "/"
                        + r.get("direction").asText());
                records++;
            }
        }
        assertThat(records).isEqualTo(8);
        assertThat(keys).containsExactlyInAnyOrder("a/1/1/host-to-guest", "a/1/1/guest-to-host",
                "b/2/1/host-to-guest", "b/2/1/guest-to-host", "b/3/2/host-to-guest", "b/3/2/guest-to-host",
                "a/4/2/host-to-guest", "a/4/2/guest-to-host");
        assertThat(lines(campaign().resolve("switches.journal"))).hasSize(2);

        assertThat(execute("status", campaign().toString())).isZero();
        assertThat(out.toString()).contains("total: 8 ok, 0 failed, 0 pending").contains("complete");
    }

    @Test
    void aSwitchThatDoesNotReachItsVariantExitsWith1NamingTheVariantItsCheckAndItsOutput() throws IOException {
        Path spec = spec("echo pretending to switch");
        int code = execute(spec.toString(), "--all", "--out", dir.toString(), "--plain");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("jloadgen matrix: campaign stopped: switch to variant 'b' did not reach it: "
                + "its check 'grep -qx b " + state() + "' still fails (exit 2: grep: " + state()
                + ": No such file or directory)");
        assertThat(lines(campaign().resolve("a.jsonl"))).hasSize(2);
        assertThat(campaign().resolve("b.jsonl")).doesNotExist();

        // the resume tries once more, then stops naming the way out
        assertThat(execute(spec.toString(), "--all", "--resume", "--out", dir.toString(), "--plain")).isEqualTo(1);
        assertThat(execute(spec.toString(), "--all", "--resume", "--out", dir.toString(), "--plain")).isEqualTo(1);
        assertThat(err.toString()).contains("2 switch attempts did not reach the variant")
                .contains("then run 'jloadgen matrix reset-switches " + campaign().toAbsolutePath() + "' and resume");
        assertThat(execute("reset-switches", campaign().toString())).isZero();
        assertThat(out.toString()).contains("block 2 (b): 2 switch attempts forgotten; the next resume may switch 2 more times")
                .contains("resume with the campaign's own command line");
        assertThat(execute("reset-switches", campaign().toString())).isZero();
        assertThat(out.toString()).contains("nothing to reset");
        Files.writeString(spec, Files.readString(spec).replace("echo pretending to switch", "echo b > " + state()));
        assertThat(execute(spec.toString(), "--all", "--resume", "--out", dir.toString(), "--plain")).isZero();
        assertThat(lines(campaign().resolve("b.jsonl"))).hasSize(4);
    }

    /** SIGINT while a switch command runs (a reboot's shutdown does the same) kills the command and exits cleanly. */
    @Test
    void sigintDuringASwitchStopsTheCampaignCleanly() throws Exception {
        Path spec = spec("sleep 60");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.jloadgen.cli.Main",
                "matrix", spec.toString(), "--all", "--out", dir.toString(), "--plain")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            while (lines(campaign().resolve("switches.journal")).isEmpty()) {
                assertThat(child.isAlive()).as("child ended early: %s", Files.readString(log)).isTrue();
                Thread.sleep(50);
            }
            Thread.sleep(300); // the switch command is running
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("stopped well before the switch's 60 s").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(130);
        assertThat(Files.readString(log)).contains("block 2: switching a -> b (attempt 1 of 2): sleep 60")
                .contains("ab: 2 ok, 0 failed recorded now").contains("jloadgen matrix: stopped; continue with --resume");
    }

    @Test
    void dryRunShowsTheBlocksOfTheNetnsExample() {
        int code = execute(MatrixCommandTest.examples().resolve("netns.toml").toString(), "--all", "--dry-run",
                "--guest-counts", "1", "--streams", "1", "--block-repeats", "1", "--out", dir.toString());
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).contains("plan: experiment netns, 4 blocks: gro-on gro-off gro-off gro-on")
                .contains("  block 1: gro-on, repeats 1-1, 2 tests").contains("  block 4: gro-on, repeats 2-2, 2 tests")
                .contains("        8  guest-to-host streams 1")
                .contains("tests: 8 in 4 blocks, 4 guest sessions")
                .contains("switches: up to 2");
        assertThat(dir.resolve("netns")).doesNotExist();
    }

    @Test
    void usageErrorsOfAllAndStatusExitWith2() throws IOException {
        Path spec = spec("true");
        assertThat(execute(spec.toString(), "--all", "--variant", "a", "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).contains("--variant: not with --all");
        assertThat(execute(spec.toString(), "--variant", "a", "--block-repeats", "2", "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).contains("--block-repeats: only with --all");
        assertThat(execute(spec.toString(), "--all", "--block-repeats", "0", "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).contains("--block-repeats: must be 1..1000, not 0");
        assertThat(execute("status", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("jloadgen matrix status: DIR: " + dir + " has no plan.json");
        assertThat(execute("reset-switches", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("jloadgen matrix reset-switches: DIR: " + dir + " has no plan.json");
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("SPEC is required (or 'jloadgen matrix status DIR')");
        Files.writeString(spec, Files.readString(spec).replace("switch = \"true\"\n", ""));
        assertThat(execute(spec.toString(), "--all", "--dry-run")).isEqualTo(2);
        assertThat(err.toString()).contains("variants.b.switch: required with --all: blocks [a, b, b, a] switch between variants");
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
