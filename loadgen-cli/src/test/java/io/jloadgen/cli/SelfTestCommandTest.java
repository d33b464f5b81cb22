package io.jloadgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SelfTestCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new SelfTestCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    @Timeout(60)
    void textReportsPositiveThroughputTransportAndThreads() {
        int exit = run("--duration", "1s");

        assertThat(exit).as(err.toString()).isZero();
        String text = out.toString();
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(text).contains("jloadgen selftest: in-process loopback on 127.0.0.1");
        assertThat(text).containsPattern("transport    (epoll|nio), " + cores + " streams? of 131072-byte writes, "
                + cores + " client \\+ " + cores + " server event-loop threads, " + cores + " cores");
        Matcher m = Pattern.compile("throughput   ([0-9.]+) Gbit/s total, ([0-9.]+) Gbit/s per core").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        double total = Double.parseDouble(m.group(1));
        assertThat(total).isPositive();
        assertThat(Double.parseDouble(m.group(2))).isPositive().isLessThanOrEqualTo(total);
        assertThat(text).containsPattern("host CPU     [0-9]+% of one CPU \\(system-wide, /proc/stat\\), [0-9.]+ CPU-s per GB moved");
    }

    @Test
    @Timeout(60)
    void jsonCarriesEveryFieldWithUnits() throws Exception {
        int exit = run("--duration", "1s", "--warmup", "0", "--streams", "2", "--transport", "nio", "--json");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("transport").asText()).isEqualTo("nio");
        assertThat(j.get("streams").asInt()).isEqualTo(2);
        assertThat(j.get("block_bytes").asInt()).isEqualTo(131072);
        assertThat(j.get("client_threads").asInt()).isBetween(1, 2);
        assertThat(j.get("server_threads").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(j.get("duration_s").asDouble()).isPositive();
        assertThat(j.get("bytes_received").asLong()).isPositive();
        assertThat(j.get("throughput_gbps").asDouble()).isPositive();
        assertThat(j.get("gbps_per_core").asDouble()).isPositive();
        assertThat(j.get("host_cpu_s").asDouble()).isPositive();
        assertThat(j.get("cpu_s_per_gb").asDouble()).isPositive();
    }

    @Test
    void badStreamCountIsAUsageError() {
        int exit = run("--streams", "-1");

        assertThat(exit).isEqualTo(JloadgenCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--streams");
    }
}
