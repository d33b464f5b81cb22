package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole report on a seed-like campaign written to disk, as {@code jloadgen report} would see it. */
@Timeout(120)
class ReportGeneratorTest {

    private static final List<String> DIRECTIONS = List.of("host-to-guest", "guest-to-host");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * base and patched, 2 directions, 1-8 guests, 1-2 streams, 3 repeats (the seed's drop from 5 guests at
     * 1 stream guest-to-host), plus: one stalled repeat and one failed repeat of patched host-to-guest 2
     * streams 3 guests, latency histograms on every record, and a torn last line.
     */
    static void writeCampaign(Path dir) throws Exception {
        SyntheticCampaign base = new SyntheticCampaign(11, VerdictTest::seedLike).withLatency();
        SyntheticCampaign patched = new SyntheticCampaign(12, VerdictTest::seedLike).withLatency();
        List<ResultRecord> patchedRecords = new ArrayList<>(patched.records("patched", DIRECTIONS, 8, 2, 3));
        patchedRecords.add(patched.record("patched", "host-to-guest", 3, 2, 3, 97, List.of("stall:2")));
        patchedRecords.add(SyntheticCampaign.failed("patched", "host-to-guest", 3, 2, 98));
        SyntheticCampaign.write(dir.resolve("exp/base.jsonl"), base.records("base", DIRECTIONS, 8, 2, 3));
        SyntheticCampaign.write(dir.resolve("exp/patched.jsonl"), patchedRecords);
        Files.writeString(dir.resolve("exp/patched.jsonl"), "{\"schema\":\"jloadgen.result/1\",\"vari",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void writesEveryFileWithExactHeadersAndVerdicts(@TempDir Path in, @TempDir Path out) throws Exception {
        writeCampaign(in);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, null, ReportFormat.all()));

        for (String d : DIRECTIONS) {
            for (int s = 1; s <= 2; s++) {
                assertThat(out.resolve(d + "-" + s + ".png")).isRegularFile();
                assertThat(out.resolve(d + "-" + s + ".svg")).isRegularFile();
                assertThat(out.resolve("latency-" + d + "-" + s + ".png")).isRegularFile();
                assertThat(out.resolve("latency-" + d + "-" + s + ".svg")).isRegularFile();
            }
            assertThat(out.resolve("fairness-" + d + ".png")).isRegularFile();
        }
        // drill-down: the 4 significant cells and the flagged/failed one, both variants each
        for (int g = 5; g <= 8; g++) {
            assertThat(out.resolve("timeline-guest-to-host-1-" + g + "-base.png")).isRegularFile();
            assertThat(out.resolve("timeline-guest-to-host-1-" + g + "-patched.png")).isRegularFile();
        }
        assertThat(out.resolve("timeline-host-to-guest-2-3-patched.png")).isRegularFile();
        assertThat(out.resolve("cpu-guest-to-host-1.png")).isRegularFile();
        assertThat(out.resolve("cpu-host-to-guest-2.png")).isRegularFile();
        assertThat(out.resolve("cpu-guest-to-host-2.png")).doesNotExist();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".png")).count())
                    .isEqualTo(4 + 2 + 4 + 2 + 10); // throughput, fairness, latency, cpu, timelines
        }

        List<String> cells = Files.readAllLines(out.resolve("cells.csv"));
        assertThat(cells.get(0)).isEqualTo("variant,direction,guests,streams,n,n_failed,mean_gbps,sd_gbps,"
                + "ci95_low_gbps,ci95_high_gbps,host_cpu_pct,fairness,flags");
        assertThat(cells).hasSize(1 + 2 * 2 * 8 * 2);
        assertThat(cells).contains("base,guest-to-host,1,1,3,0,9.1000,0.0910,8.8739,9.3261,"
                + cellCpu(outcome, "base", "guest-to-host", 1, 1) + ","
                + cellFairness(outcome, "base", "guest-to-host", 1, 1) + ",");
        assertThat(cells).anyMatch(l -> l.startsWith("patched,host-to-guest,3,2,3,1,"));

        List<String> comparison = Files.readAllLines(out.resolve("comparison.csv"));
        assertThat(comparison.get(0)).isEqualTo("baseline,variant,direction,guests,streams,baseline_mean_gbps,"
                + "variant_mean_gbps,diff_pct,p_value,verdict");
        assertThat(comparison).hasSize(1 + 2 * 8 * 2);
        assertThat(comparison.stream().filter(l -> l.endsWith(",base better"))).hasSize(4);
        assertThat(comparison.stream().filter(l -> l.endsWith(",no significant change"))).hasSize(28);
        assertThat(comparison).anyMatch(l -> l.startsWith("base,patched,guest-to-host,5,1,9.5000,7.6051,-19.95,"));

        List<String> latency = Files.readAllLines(out.resolve("latency.csv"));
        assertThat(latency.get(0)).isEqualTo("variant,direction,guests,streams,n,p50_us,p90_us,p99_us,p99_9_us,max_us");
        assertThat(latency).hasSize(1 + 2 * 2 * 8 * 2);

        List<String> excluded = Files.readAllLines(out.resolve("excluded.csv"));
        assertThat(excluded).containsExactly("variant,direction,guests,streams,repeat,status,flags,error",
                "patched,host-to-guest,3,2,97,ok,stall:2,",
                "patched,host-to-guest,3,2,98,failed,,guest split-2 did not answer");

        assertThat(outcome.data().sentences()).contains(
                "For 1 stream, guest-to-host, patched vs base: no significant change for 1-4 guests; "
                        + "base is better from 5 guests (by 20%).",
                "For 2 streams, host-to-guest, patched vs base: no significant change for all guest counts (1-8). "
                        + "Marked: 3 guests (patched: 1 failed, 1 excluded: stall:2).");
        assertThat(outcome.data().warnings()).singleElement().asString()
                .startsWith("exp/patched.jsonl:" + (2 * 2 * 8 * 3 + 3) + ": skipped, not a result record");

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("base is better from 5 guests (by 20%)", "![", "(guest-to-host-1.png)",
                "| base | patched | guest-to-host | 5 | 1 |");
        assertThat(outcome.html()).isEqualTo(out.resolve("report.html"));
        // VectorGraphics2D writes text as glyph outlines, so only the frame can be checked as text
        assertThat(Files.readString(out.resolve("guest-to-host-1.svg")))
                .contains("<svg", "width=\"960px\"", "</svg>");
    }

    @Test
    void htmlIsSelfContainedAndEveryImageDecodes(@TempDir Path in, @TempDir Path out) throws Exception {
        writeCampaign(in);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, "base", EnumSet.of(ReportFormat.HTML)));

        assertThat(outcome.files()).containsExactly(out.resolve("report.html"));
        String html = Files.readString(outcome.html());
        // summary before plots before tables
        int summary = html.indexOf("<h2 id=\"summary\">");
        int firstImage = html.indexOf("<img");
        int cellsTable = html.indexOf("<h2>Cells</h2>");
        assertThat(summary).isPositive().isLessThan(firstImage);
        assertThat(firstImage).isLessThan(cellsTable);
        assertThat(html).doesNotContain("src=\"http", "<script", "<link");
        Matcher m = Pattern.compile("<img alt=\"[^\"]*\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">").matcher(html);
        int images = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertThat(img).isNotNull();
            assertThat(img.getWidth()).isEqualTo(ChartStyle.WIDTH);
            images++;
        }
        assertThat(images).isEqualTo(22).isEqualTo(html.split("<img", -1).length - 1);
        assertThat(html).contains("<tr class=\"marked\">");
    }

    @Test
    void unknownBaselineIsAUsageError(@TempDir Path in, @TempDir Path out) throws Exception {
        writeCampaign(in);

        assertThatThrownBy(() -> new ReportGenerator().generate(
                new ReportOptions(in, out, "nope", ReportFormat.all())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--baseline: no variant 'nope' in the records; found base, patched");
    }

    @Test
    void directoryWithoutRecordsIsRefused(@TempDir Path in, @TempDir Path out) throws Exception {
        Files.writeString(in.resolve("junk.jsonl"), "not json\n");

        assertThatThrownBy(() -> new ReportGenerator().generate(
                new ReportOptions(in, out, null, ReportFormat.all())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DIR: no jloadgen.result/1 records in 1 .jsonl files under ");
    }

    private static String cellCpu(ReportGenerator.Outcome o, String v, String d, int g, int s) {
        return Fmt.fixed(o.data().cells().get(new CellKey(v, d, g, s)).hostCpuPct(), 2);
    }

    private static String cellFairness(ReportGenerator.Outcome o, String v, String d, int g, int s) {
        return Fmt.fixed(o.data().cells().get(new CellKey(v, d, g, s)).fairness(), 4);
    }
}
