package io.jloadgen.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ReportCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new ReportCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    /** A hand-made record: guests share {@code gbps} equally. */
    private static String record(String variant, int guests, int repeat, double gbps) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schema", "jloadgen.result/1");
        r.put("experiment", "hand");
        r.put("variant", variant);
        r.put("direction", "guest-to-host");
        r.put("guests", guests);
        r.put("streams", 1);
        r.put("repeat", repeat);
        r.put("status", "ok");
        r.put("error", null);
        r.put("duration_s", 10);
        r.put("omit_s", 1);
        r.put("throughput_gbps", gbps);
        r.put("guest_gbps", java.util.Collections.nCopies(guests, gbps / guests));
        r.put("host_cpu_pct", 100.0 * guests);
        r.put("flags", List.of());
        return JSON.writeValueAsString(r);
    }

    /**
     * base: 10.0, 10.1, 9.9 Gbit/s at 1 and 2 guests; fast: the same at 1 guest, 12.0, 12.1, 11.9 at 2 guests
     * (a 20% gain, Welch p far below 0.05).
     */
    private static void writeRecords(Path dir) throws Exception {
        double[] wiggle = {0.0, 0.1, -0.1};
        StringBuilder base = new StringBuilder();
        StringBuilder fast = new StringBuilder();
        for (int g = 1; g <= 2; g++) {
            for (int r = 0; r < 3; r++) {
                base.append(record("base", g, r + 1, 10.0 + wiggle[r])).append('\n');
                fast.append(record("fast", g, r + 1, (g == 2 ? 12.0 : 10.0) + wiggle[(r + 1) % 3])).append('\n');
            }
        }
        Files.writeString(dir.resolve("base.jsonl"), base);
        Files.writeString(dir.resolve("fast.jsonl"), fast + "garbage\n");
    }

    @Test
    void writesTheReportAndEndsWithTheHtmlPath(@TempDir Path in, @TempDir Path outDir) throws Exception {
        writeRecords(in);

        int code = run(in.toString(), "--out", outDir.toString(), "--format", "html,csv");

        assertThat(code).isEqualTo(0);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).containsExactly(
                "12 records, variants base, fast, baseline base",
                "- For 1 stream, guest-to-host, fast vs base: no significant change at 1 guest; "
                        + "fast is better at 2 guests (by 20%).",
                "wrote 4 files to " + outDir,
                outDir.resolve("report.html").toString());
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("warning: fast.jsonl:7: skipped, not a result record (");
        assertThat(outDir.resolve("report.html")).isRegularFile();
        assertThat(Files.readAllLines(outDir.resolve("comparison.csv")).get(2))
                .startsWith("base,fast,guest-to-host,2,1,10.0000,12.0000,20.00,")
                .endsWith(",fast better");
        assertThat(outDir.resolve("guest-to-host-1.png")).doesNotExist();
    }

    @Test
    void outDefaultsToDirSlashReport(@TempDir Path in) throws Exception {
        writeRecords(in);

        assertThat(run(in.toString(), "--format", "csv", "--baseline", "fast")).isEqualTo(0);

        assertThat(in.resolve("report/cells.csv")).isRegularFile();
        assertThat(Files.readAllLines(in.resolve("report/comparison.csv")).get(1)).startsWith("fast,base,");
    }

    @Test
    void unknownFormatIsAUsageError(@TempDir Path in) throws Exception {
        writeRecords(in);

        assertThat(run(in.toString(), "--format", "png,pdf")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("jloadgen report: --format: unknown format 'pdf', expected a "
                + "comma-separated list of png, svg, html, csv, md" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownBaselineIsAUsageError(@TempDir Path in) throws Exception {
        writeRecords(in);

        assertThat(run(in.toString(), "--baseline", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("--baseline: no variant 'nope' in the records; found base, fast");
    }

    @Test
    void missingDirIsAUsageError(@TempDir Path tmp) {
        assertThat(run(tmp.resolve("absent").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("DIR: not a directory");

        assertThat(run()).isEqualTo(2); // picocli: missing parameter
    }

    @Test
    void unwritableOutIsARuntimeFailure(@TempDir Path in) throws Exception {
        writeRecords(in);
        Path blocker = in.resolve("file-not-dir");
        Files.writeString(blocker, "x");

        assertThat(run(in.toString(), "--out", blocker.resolve("sub").toString(), "--format", "csv")).isEqualTo(1);
        assertThat(err.toString()).startsWith("jloadgen report: java.nio.file.");
    }

    @Test
    void helpListsExitCodes() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("Usage: report", "--baseline=VARIANT", "--format=LIST", "Exit codes:",
                "2   usage error");
    }
}
