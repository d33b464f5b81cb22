package io.jloadgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.api.Server;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The iperf3 options added for parity, through the command line: UDP, --bidir, output options. */
@Timeout(60)
class ParityOptionsTest {
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
    void udpTextHasIperf3sColumns() {
        try (Server server = server()) {
            assertThat(run("client", "127.0.0.1", "-p", String.valueOf(server.port()), "-u", "-b", "5M", "-l", "1200",
                    "-t", "1")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("[ ID] Interval           Transfer     Bitrate         Total Datagrams")
                    .contains("[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams")
                    .containsPattern("ms  \\d+/\\d+ \\([0-9.]+%\\)  sender")
                    .containsPattern("ms  \\d+/\\d+ \\([0-9.]+%\\)  receiver");
        }
    }

    @Test
    void udpJsonAndBidirJson() throws Exception {
        try (Server server = server()) {
            String port = String.valueOf(server.port());
            assertThat(run("client", "127.0.0.1", "-p", port, "-u", "-t", "1", "-J", "--udp-counters-64bit")).isZero();
            JsonNode udp = new ObjectMapper().readTree(out.toString());
            assertThat(udp.at("/start/test_start/protocol").textValue()).isEqualTo("UDP");
            assertThat(udp.at("/end/sum").has("lost_percent")).isTrue();
            out.getBuffer().setLength(0);
            assertThat(run("client", "127.0.0.1", "-p", port, "--bidir", "-t", "1", "-J")).isZero();
            JsonNode bidir = new ObjectMapper().readTree(out.toString());
            assertThat(bidir.at("/end/sum_received_bidir_reverse/bytes").longValue()).isPositive()
                    .isEqualTo(bidir.at("/end/sum_sent_bidir_reverse/bytes").longValue());
            assertThat(bidir.at("/intervals/0/sum_bidir_reverse/sender").booleanValue()).isFalse();
        }
    }

    @Test
    void dscpFormatAndBindThroughTheCommandLine() throws Exception {
        try (Server server = server()) {
            String port = String.valueOf(server.port());
            assertThat(run("client", "127.0.0.1", "-p", port, "-t", "1", "--dscp", "af41", "-B", "127.0.0.3", "-J"))
                    .as(err.toString()).isZero();
            JsonNode doc = new ObjectMapper().readTree(out.toString());
            assertThat(doc.at("/start/test_start/tos").intValue()).isEqualTo(0x88);
            assertThat(doc.at("/start/connected/0/local_host").textValue()).isEqualTo("127.0.0.3");
            out.getBuffer().setLength(0);
            assertThat(run("client", "127.0.0.1", "-p", port, "-t", "1", "-S", "0x10", "-f", "k")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Kbits/sec").doesNotContain("Gbits/sec").doesNotContain("Mbits/sec");
        }
        assertThat(run("client", "127.0.0.1", "-S", "16", "--dscp", "ef")).isEqualTo(2);
        assertThat(err.toString()).contains("-S/--tos and --dscp exclude each other");
        assertThat(run("client", "127.0.0.1", "-S", "300")).isEqualTo(2);
        assertThat(err.toString()).contains("-S/--tos: must be 0..255, not 300");
        assertThat(run("client", "127.0.0.1", "--dscp", "af99")).isEqualTo(2);
        assertThat(err.toString()).contains("--dscp: a code point 0..63 or a name");
        assertThat(run("client", "127.0.0.1", "-f", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("-f/--format: one of k m g t (bits/sec) or K M G T (Bytes/sec), not 'x'");
        assertThat(run("client", "127.0.0.1", "-f", "mm")).isEqualTo(2);
        assertThat(err.toString()).contains("not 'mm'");
    }

    @Test
    void logfileTimestampsAndForceflush(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("client.log");
        try (Server server = server()) {
            assertThat(run("client", "127.0.0.1", "-p", String.valueOf(server.port()), "-t", "1", "--logfile", log.toString(),
                    "--timestamps=%Y-%m-%d %H:%M:%S ", "--forceflush")).isZero();
        }
        assertThat(out.toString()).isEmpty();
        String text = Files.readString(log);
        assertThat(text).contains("iperf Done.");
        for (String line : text.split("\n")) {
            assertThat(line).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} .*|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} ");
        }
    }

    @Test
    void strftimeConversions() {
        ZonedDateTime t = ZonedDateTime.of(2026, 11, 7, 9, 5, 3, 0, ZoneOffset.UTC);
        assertThat(LineTimestamps.strftime("%c ", t)).isEqualTo("Sat Nov  7 09:05:03 2026 ");
        assertThat(LineTimestamps.strftime("%F %T|%e|%j|%%|%q", t)).isEqualTo("2026-11-07 09:05:03| 7|311|%|%q");
    }

    @Test
    void fqRatePacesTheStreamsThroughTheCommandLine() throws Exception {
        try (Server server = server()) {
            assertThat(run("client", "127.0.0.1", "-p", String.valueOf(server.port()), "-t", "2", "-R",
                    "--fq-rate", "40M", "-J")).as(err.toString()).isZero();
            double received = new ObjectMapper().readTree(out.toString()).at("/end/sum_received/bits_per_second").asDouble();
            assertThat(received).isBetween(20e6, 60e6); // unpaced, loopback runs at tens of Gbit/s
        }
        assertThat(run("client", "127.0.0.1", "--fq-rate", "fast")).isEqualTo(2);
    }

    @Test
    void clientHelpListsTheParityOptions() {
        assertThat(run("client", "--help")).isZero();
        assertThat(out.toString()).contains("--udp").contains("--bidir").contains("--zerocopy").contains("--cport")
                .contains("--json-stream").contains("--get-server-output").contains("--fq-rate").contains("--dont-fragment").contains("--extra-data").contains("--timestamps").contains("%c");
        assertThat(err.toString()).doesNotContain("WARN");
    }

    @Test
    void conflictingOptionsAreUsageErrors() {
        assertThat(run("client", "127.0.0.1", "-4", "-6")).isEqualTo(2);
        assertThat(err.toString()).contains("-4 and -6 exclude each other");
        assertThat(run("client", "127.0.0.1", "-u", "-l", "8")).isEqualTo(2);
        assertThat(err.toString()).contains("-l/--length: a UDP datagram must be 12..65507 bytes, not 8");
        assertThat(run("client", "127.0.0.1", "-u", "-Z")).isEqualTo(2);
    }
}
