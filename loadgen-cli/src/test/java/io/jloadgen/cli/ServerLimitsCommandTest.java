package io.jloadgen.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's limit options end to end: parsed, checked, and enforced on a client of the same CLI. */
@Timeout(60)
class ServerLimitsCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = JloadgenCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void negativeLimitsAreUsageErrorsNamingTheOption() {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "server", "--max-streams", "-3")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-streams: must not be negative");
        assertThat(run(new StringWriter(), err, "server", "--max-bitrate", "fast")).isEqualTo(2);
    }

    @Test
    void authenticationOptionsGoTogetherAndNameAMissingKey() {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "server", "--rsa-private-key-path", "/nonexistent.pem")).isEqualTo(2);
        assertThat(err.toString()).contains("--rsa-private-key-path and --authorized-users-path go together");
        StringWriter out = new StringWriter();
        err = new StringWriter();
        int exit = run(out, err, "server", "-p", "0", "--rsa-private-key-path", "/nonexistent.pem",
                "--authorized-users-path", "/nonexistent.csv");
        assertThat(exit).as("a key that cannot be read is a bad option value").isEqualTo(2);
        assertThat(out.toString() + err).contains("--rsa-private-key-path: cannot read /nonexistent.pem");
    }

    @Test
    void clientOverMaxStreamsIsRefusedWithTheServersReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringWriter serverOut = new StringWriter();
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> run(serverOut, new StringWriter(),
                "server", "-1", "-B", "127.0.0.1", "-p", String.valueOf(port), "--max-streams", "1",
                "--max-duration", "5", "--max-bitrate", "1G"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!serverOut.toString().contains("Server listening")) {
            assertThat(System.nanoTime()).as("server started").isLessThan(deadline);
            Thread.sleep(20);
        }
        StringWriter clientOut = new StringWriter();
        int exit = run(clientOut, new StringWriter(), "client", "127.0.0.1", "-p", String.valueOf(port), "-P", "2",
                "-b", "10M", "-t", "1");
        assertThat(exit).isEqualTo(1);
        assertThat(clientOut.toString()).contains("number of parallel streams too large");
        assertThat(server.get(20, TimeUnit.SECONDS)).as("the one-off server exits after the refused test").isZero();
        assertThat(serverOut.toString()).contains("over --max-streams 1: asks for 2 streams");
    }

}
