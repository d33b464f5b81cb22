package io.jloadgen.matrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class HookRunnerTest {
    @TempDir
    Path dir;

    @Test
    void fillsOnlyKnownPlaceholders() {
        GuestSpec g = new GuestSpec(3, "split-3", "10.80.0.13", false);
        String cmd = HookTemplate.fill("xl create /etc/xen/{name}.cfg ip={address} n={index} v={variant} ${HOME} {a,b} {",
                HookTemplate.forGuest(g, "patched"));
        assertThat(cmd).isEqualTo("xl create /etc/xen/split-3.cfg ip=10.80.0.13 n=3 v=patched ${HOME} {a,b} {");
        assertThat(HookTemplate.fill("{direction}/{guests}/{streams}/{repeat}/{variant}",
                HookTemplate.forTest(new TestKey("base", TestDirection.GUEST_TO_HOST, 4, 2, 3))))
                .isEqualTo("guest-to-host/4/2/3/base");
        assertThat(HookTemplate.fill("{name}{name}", Map.of("name", "x"))).isEqualTo("xx");
    }

    @Test
    void capturesOutputAndExitStatus() throws Exception {
        HookRunner runner = new HookRunner(dir);
        HookResult ok = runner.run("start g", "echo out; echo err >&2; pwd", Duration.ofSeconds(10));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.output()).isEqualTo("out\nerr\n" + dir.toRealPath() + "\n");

        HookResult bad = runner.run("stop g", "echo cannot stop; exit 3", Duration.ofSeconds(10));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.describe()).startsWith("hook 'stop g' exited with status 3 after ")
                .endsWith("\n  command: echo cannot stop; exit 3\n  output:\n    cannot stop");
        assertThatThrownBy(() -> runner.runOrThrow("stop g", "exit 4", Duration.ofSeconds(10)))
                .isInstanceOf(HookFailedException.class).hasMessageContaining("exited with status 4");
    }

    @Test
    void killsTheWholeTreeAtTheTimeout() throws Exception {
        Path marker = dir.resolve("survived");
        HookResult r = new HookRunner(dir).run("slow", "sleep 30; touch " + marker, Duration.ofMillis(300));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.describe()).contains("timed out after");
        assertThat(marker).doesNotExist();
    }

    @Test
    void keepsOnlyTheEndOfLongOutput() throws Exception {
        HookResult r = new HookRunner(dir).run("chatty", "head -c 200000 /dev/zero | tr '\\0' 'x'; echo; echo LAST",
                Duration.ofSeconds(10));
        assertThat(r.ok()).isTrue();
        assertThat(r.output()).startsWith("[... " + (200000 + 1 + 5 - HookRunner.MAX_OUTPUT_BYTES) + " bytes cut ...]\n")
                .endsWith("x\nLAST\n");
        assertThat(r.output().length()).isLessThan(HookRunner.MAX_OUTPUT_BYTES + 100);
    }

    @Test
    void returnsWhileABackgroundChildHoldsItsOutput() throws Exception {
        Path pid = dir.resolve("pid");
        HookResult r = new HookRunner(dir).run("bg", "sleep 30 & echo $! > " + pid + "; echo started",
                Duration.ofSeconds(10));
        try {
            assertThat(r.ok()).isTrue();
            assertThat(r.output()).isEqualTo("started\n");
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void stdinIsEmptySoAPromptCannotHang() throws Exception {
        HookResult r = new HookRunner(dir).run("read", "read x; echo \"got:$x\"", Duration.ofSeconds(10));
        assertThat(r.output()).isEqualTo("got:\n");
    }
}
