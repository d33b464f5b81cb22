package io.jloadgen.cli;

import io.jloadgen.api.Server;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = JloadgenCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("jloadgen ");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("server").contains("client").contains("report").contains("Exit codes");
    }

    @Test
    void badOptionsAreUsageErrorsWithOneClearLine() {
        assertThat(run("client", "127.0.0.1", "-P", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("-P/--parallel: must be 1..128, not 0");
        assertThat(run("client", "127.0.0.1", "-t", "ten")).isEqualTo(2);
        assertThat(run("client")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing HOST");
        assertThat(run("client", "127.0.0.1", "--transport", "carrier-pigeon")).isEqualTo(2);
        assertThat(run("client", "127.0.0.1", "-R", "--bidir")).isEqualTo(2);
        assertThat(run("server", "-p", "70000")).isEqualTo(2);
    }

    @Test
    void clientAgainstServerPrintsIperf3TextAndJson() {
        try (Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 0, Duration.ofSeconds(5), 8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            String port = String.valueOf(server.port());
            assertThat(run("client", "-c", "127.0.0.1", "-p", port, "-t", "1", "-P", "2", "-V")).isZero();
            assertThat(out.toString()).contains("Connecting to host 127.0.0.1, port " + port)
                    .contains("[SUM]").contains("sender").contains("receiver").contains("CPU Utilization")
                    .contains("iperf Done.");
            out.getBuffer().setLength(0);
            assertThat(run("client", "127.0.0.1", "-p", port, "-t", "1", "-R", "-J")).isZero();
            assertThat(out.toString()).contains("\"sum_received\"").contains("\"reverse\" : 1");
        }
    }

    @Test
    void unreachableServerIsARuntimeFailure() {
        assertThat(run("client", "127.0.0.1", "-p", "1", "-t", "1")).isEqualTo(1);
        assertThat(out.toString()).contains("unable to connect to server 127.0.0.1 port 1");
    }
    @Test
    void anUnknownCongestionAlgorithmIsARuntimeFailureNamingItAndWhatTheKernelOffers() {
        try (Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 0, Duration.ofSeconds(5), 8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            String port = String.valueOf(server.port());
            assertThat(run("client", "127.0.0.1", "-p", port, "-t", "1", "-C", "no-such-algo")).isEqualTo(1);
            assertThat(out.toString()).contains("-C/--congestion: the kernel refused TCP congestion control algorithm "
                    + "'no-such-algo'").contains("allowed: ").contains("available: ").doesNotContain("Exception");
            out.getBuffer().setLength(0);
            assertThat(run("client", "127.0.0.1", "-p", port, "-t", "1")).as("the server goes on").isZero();
        }
    }
}
