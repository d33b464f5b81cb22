package io.jloadgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** {@code jloadgen client --iperf2} and {@code --bounceback}: options, usage errors, text and JSON output. */
@Timeout(60)
class Iperf2CommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = JloadgenCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static Server server() {
        return Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 0, Duration.ofSeconds(5), 8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void badBouncebackOptionsAreUsageErrors() {
        assertThat(run("client", "127.0.0.1", "--bounceback", "-l", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("-l/--length: a bounceback request is 64..65536 bytes");
        assertThat(run("client", "127.0.0.1", "--bounceback", "--bounceback-period", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--bounceback-period: must be 0 .. 3600000 ms");
        assertThat(run("client", "127.0.0.1", "--bounceback", "--bounceback-hold", "20000")).isEqualTo(2);
        assertThat(err.toString()).contains("--bounceback-hold: must be 0 ms .. 10 s");
        assertThat(run("client", "127.0.0.1", "--bounceback", "--iperf2")).isEqualTo(2);
        assertThat(run("client", "127.0.0.1", "--bounceback", "-R")).isEqualTo(2);
        assertThat(run("client", "127.0.0.1", "--iperf2", "-R")).isEqualTo(2);
        assertThat(err.toString()).contains("--iperf2: an iperf 2 server only receives");
        assertThat(run("client", "127.0.0.1", "--busy-poll", "100")).isEqualTo(2);
        assertThat(err.toString()).contains("--busy-poll goes with --bounceback");
        assertThat(run("client", "127.0.0.1", "--bounceback", "--busy-poll", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--busy-poll: must be 0 .. 1000000 us");
        assertThat(run("client", "127.0.0.1", "--bounceback", "--latency-probe")).isEqualTo(2);
        assertThat(run("client", "127.0.0.1", "--latency-probe", "--probe-period", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--probe-period: must be 0.1 ms .. 10 s");
        // (client --help itself is refused today: the command's -V/--verbose displaces picocli's standard -h/-V)
        assertThat(JloadgenCommand.commandLine().getSubcommands().get("client").getUsageMessage())
                .contains("--iperf2").contains("--bounceback-period=MS").contains("--bounceback-no-quickack");
    }

    @Test
    void bouncebackPrintsRoundTripsAsTextAndJson() throws Exception {
        try (Server server = server()) {
            String port = String.valueOf(server.port());
            assertThat(run("client", "127.0.0.1", "-p", port, "--bounceback", "-t", "1", "-P", "2",
                    "--bounceback-period", "2", "--bounceback-no-quickack")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Bounceback test: 2 connections, 100-byte requests, period 2 ms, hold 0 ms\n")
                    .contains("RTT(us)").contains("[SUM]   0.00-1.00").contains("measured").contains("iperf Done.");
            out.getBuffer().setLength(0);
            assertThat(run("client", "127.0.0.1", "-p", port, "--bounceback", "-t", "1", "-l", "64", "-J")).isZero();
            JsonNode doc = new ObjectMapper().readTree(out.toString());
            assertThat(doc.at("/start/test_start/blksize").intValue()).isEqualTo(64);
            assertThat(doc.at("/end/bounceback/count").longValue()).isPositive();
            assertThat(doc.at("/end/bounceback/hdr_histogram").asText()).isNotEmpty();
            assertThat(doc.at("/intervals/0/bounceback/rtt_us/p99_9").isNumber()).isTrue();
        }
    }

    @Test
    void iperf2ModeMarksReceiverFiguresAsNotReported() {
        try (Server server = server()) {
            assertThat(run("client", "127.0.0.1", "-p", String.valueOf(server.port()), "--iperf2", "-t", "1", "-P", "2"))
                    .as(err.toString()).isZero();
            assertThat(out.toString()).contains("[SUM]").contains("sender")
                    .contains("[SUM]   (not reported by the iperf 2 peer)").contains("iperf Done.");
        }
    }
}
