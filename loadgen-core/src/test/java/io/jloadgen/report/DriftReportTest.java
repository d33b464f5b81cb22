package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An A B B A campaign ({@code blocks = ["base", "patched", "patched", "base"]}, 3 repeats per block,
 * guest-to-host, 1-3 guests, 1 stream) written as JSONL and reported: base's block 4 is 10% below its block 1
 * (the environment moved), patched's blocks 2 and 3 agree.
 */
@Timeout(120)
class DriftReportTest {

    private static final String BOOT_A = "0b6f3c1e-8d2a-4c59-b1e7-3a9d5f2c4e81";
    private static final String BOOT_B = "7e2d9a4b-1c6f-48e3-a5d0-9b8c7f6e5d42";
    private static final String BOOT_C = "c4a1e8f7-5b3d-4e2a-9f6c-0d1b2a3c4e55";
    /** Per-repeat factors: a small spread (sd 0.5%) around the model, as a quiet testbed gives. */
    private static final double[] QUIET = {0.995, 1.000, 1.005};
    private static final double[] QUIET_2 = {1.004, 0.997, 0.999};

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Guest-to-host throughput of the model, 10^9 bit/s. */
    static double model(int guests) {
        return 9.4 - 0.3 * guests;
    }

    /**
     * Writes the campaign; base's block 4 is {@code base4Factor} times its block 1. Boots follow the reboots of
     * a real campaign: base on boot A, the switch reboots into patched (B) for blocks 2 and 3, then base (C).
     */
    static void writeAbba(Path dir, double base4Factor) throws Exception {
        List<ResultRecord> base = new ArrayList<>();
        List<ResultRecord> patched = new ArrayList<>();
        for (int g = 1; g <= 3; g++) {
            for (int r = 0; r < 3; r++) {
                base.add(new RecordFixture("base", "guest-to-host", g, 1, r + 1).block(1).boot(BOOT_A)
                        .gbps(model(g) * QUIET[r]).build());
                patched.add(new RecordFixture("patched", "guest-to-host", g, 1, r + 1).block(2).boot(BOOT_B)
                        .kernel("6.1.0-28-napi").gbps(model(g) * QUIET[r]).build());
                patched.add(new RecordFixture("patched", "guest-to-host", g, 1, r + 4).block(3).boot(BOOT_B)
                        .kernel("6.1.0-28-napi").gbps(model(g) * QUIET_2[r]).build());
                // with no drift, block 4 repeats block 1's values in another order
                base.add(new RecordFixture("base", "guest-to-host", g, 1, r + 4).block(4).boot(BOOT_C)
                        .gbps(model(g) * base4Factor * QUIET[2 - r]).build());
            }
        }
        SyntheticCampaign.write(dir.resolve("abba/base.jsonl"), base);
        SyntheticCampaign.write(dir.resolve("abba/patched.jsonl"), patched);
    }

    @Test
    void baseDriftingTenPercentBetweenItsBlocksIsFlaggedEverywhereAndSaidFirst(@TempDir Path in, @TempDir Path out)
            throws Exception {
        writeAbba(in, 0.9);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, "base", ReportFormat.all()));

        assertThat(out.resolve("blocks-guest-to-host.png")).isRegularFile();
        assertThat(out.resolve("blocks-guest-to-host.svg")).isRegularFile();

        List<String> cells = Files.readAllLines(out.resolve("cells.csv"));
        assertThat(cells.get(0)).isEqualTo("variant,direction,guests,streams,n,n_failed,mean_gbps,sd_gbps,"
                + "ci95_low_gbps,ci95_high_gbps,host_cpu_pct,fairness,flags");
        assertThat(cells).hasSize(1 + 6);
        assertThat(cells.subList(1, 7)).allSatisfy(l -> assertThat(l)
                .endsWith(l.startsWith("base,") ? ",drift" : ","));
        assertThat(cells).filteredOn(l -> l.endsWith(",drift")).hasSize(3);

        List<String> drift = Files.readAllLines(out.resolve("drift.csv"));
        assertThat(drift.get(0)).isEqualTo("variant,direction,guests,streams,block_a,block_b,n_a,n_b,mean_a_gbps,"
                + "mean_b_gbps,diff_pct,p_value,alpha,verdict");
        assertThat(drift).hasSize(1 + 6);
        for (int g = 1; g <= 3; g++) {
            String prefix = String.format(Locale.ROOT, "base,guest-to-host,%d,1,1,4,3,3,%.4f,%.4f,-10.00,", g,
                    model(g), model(g) * 0.9);
            assertThat(drift).anySatisfy(l -> assertThat(l).startsWith(prefix).endsWith(",0.05000,drift"));
            String patched = "patched,guest-to-host," + g + ",1,2,3,3,3,";
            assertThat(drift).anySatisfy(l -> assertThat(l).startsWith(patched).endsWith(",no drift"));
        }
        assertThat(outcome.data().drift().get(new CellKey("base", "guest-to-host", 2, 1)).largest().pValue())
                .isLessThan(1e-4);

        List<String> comparison = Files.readAllLines(out.resolve("comparison.csv"));
        assertThat(comparison).hasSize(1 + 3);
        assertThat(comparison.subList(1, 4)).allSatisfy(l -> assertThat(l).contains(",drift; "));

        String driftSentence = "Drift: for 1 stream, guest-to-host, base's block 4 is 10% lower than its block 1 for"
                + " all guest counts (1-3): the environment moved between these blocks (Welch's test between a"
                + " variant's own blocks, alpha 0.05), so comparisons of these cells with other variants mix that"
                + " change with the variants' difference.";
        assertThat(outcome.data().summarySentences().get(0)).isEqualTo(driftSentence);
        assertThat(outcome.data().summarySentences()).hasSize(2);
        assertThat(outcome.data().summarySentences().get(1)).startsWith("For 1 stream, guest-to-host, patched vs base:"
                + " the environment moved (base's block 4 is 10% lower than its block 1 for all guest counts (1-3));"
                + " ");

        String md = Files.readString(out.resolve("report.md"));
        int summary = md.indexOf("## Summary");
        int driftSection = md.indexOf("## Drift between blocks");
        int throughput = md.indexOf("## Throughput and host CPU");
        assertThat(summary).isPositive().isLessThan(driftSection);
        assertThat(driftSection).isLessThan(throughput);
        assertThat(md.indexOf(driftSentence)).isBetween(summary, driftSection);
        assertThat(md).contains("(blocks-guest-to-host.png)",
                "| base | guest-to-host | 2 | 1 | block 1 vs block 4 | 3 / 3 | 8.800 / 7.920 | -10.0 |",
                "drift: block 4 vs block 1 -10.0%",
                "> **Note:** base's records span 2 boots (" + BOOT_A + ": 9 records, " + BOOT_C + ": 9 records).");
        assertThat(md).doesNotContain("patched's records span");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<h2 id=\"drift\">Drift between blocks</h2>", "id=\"blocks-guest-to-host\"",
                "<p class=\"note\"><b>Note:</b> base&#39;s records span 2 boots");
    }

    @Test
    void blocksFigureHasOneLinePerBlockLabelledWithItsVariant(@TempDir Path in) throws Exception {
        writeAbba(in, 0.9);
        RecordReader.Result read = new RecordReader().read(in);
        ReportData data = ReportData.compute(read.records(), "base", List.of());

        XYChart chart = BlocksChart.build("guest-to-host", data.variants(), data.streamCounts("guest-to-host"),
                data.cells(), data.maxGuests());

        assertThat(chart.getSeriesMap().keySet()).containsExactly("block 1 (base)", "block 4 (base)",
                "block 2 (patched)", "block 3 (patched)");
        XYSeries block4 = chart.getSeriesMap().get("block 4 (base)");
        assertThat(block4.getXData()).containsExactly(1.0, 2.0, 3.0);
        for (int g = 1; g <= 3; g++) {
            assertThat(block4.getYData()[g - 1]).isCloseTo(model(g) * 0.9, within(1e-9));
        }
        // a variant's first block solid, its second dashed, in the variant's colour
        assertThat(chart.getSeriesMap().get("block 1 (base)").getLineStyle()).isEqualTo(ChartStyle.SOLID);
        assertThat(block4.getLineStyle()).isEqualTo(ChartStyle.DASHED);
        assertThat(block4.getLineColor()).isEqualTo(ChartStyle.family(0).strong());
    }

    @Test
    void blocksThatAgreeAreNotFlagged(@TempDir Path in, @TempDir Path out) throws Exception {
        writeAbba(in, 1.0);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, "base", ReportFormat.all()));

        assertThat(outcome.data().drift().values()).hasSize(6).noneMatch(BlockDrift::drift);
        assertThat(Files.readAllLines(out.resolve("cells.csv"))).noneMatch(l -> l.endsWith("drift"));
        assertThat(Files.readAllLines(out.resolve("comparison.csv"))).noneMatch(l -> l.contains("drift"))
                .filteredOn(l -> l.endsWith(",no significant change")).hasSize(3);
        assertThat(Files.readAllLines(out.resolve("drift.csv")).subList(1, 7)).allMatch(l -> l.endsWith(",no drift"));
        assertThat(outcome.data().summarySentences()).containsExactly(
                "No drift: each variant's blocks agree in all 6 cells compared (Welch's test between a variant's"
                        + " own blocks, alpha 0.05).",
                "For 1 stream, guest-to-host, patched vs base: no significant change for all guest counts (1-3).");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Drift between blocks", "(blocks-guest-to-host.png)", "| 3 / 3 | 8.500 / 8.500 | 0.0 |")
                .doesNotContain("drift: block", "-0.0");
    }

    @Test
    void oneRepeatPerBlockIsShownButNotTested(@TempDir Path in, @TempDir Path out) throws Exception {
        List<ResultRecord> records = new ArrayList<>();
        for (int g = 1; g <= 2; g++) {
            records.add(new RecordFixture("gro-on", "host-to-guest", g, 1, 1).block(1).gbps(model(g)).build());
            records.add(new RecordFixture("gro-off", "host-to-guest", g, 1, 1).block(2).gbps(model(g)).build());
            records.add(new RecordFixture("gro-off", "host-to-guest", g, 1, 2).block(3).gbps(model(g)).build());
            records.add(new RecordFixture("gro-on", "host-to-guest", g, 1, 2).block(4).gbps(model(g) * 0.8).build());
        }
        SyntheticCampaign.write(in.resolve("netns/all.jsonl"), records);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, "gro-on", ReportFormat.all()));

        assertThat(outcome.data().driftSentences()).containsExactly("Drift not tested: no cell has 2 or more usable"
                + " repeats in two blocks of one variant (block_repeats of at least 2 makes it testable); the"
                + " per-block figures still show the blocks side by side.");
        assertThat(out.resolve("blocks-host-to-guest.png")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("drift.csv")).subList(1, 5))
                .allMatch(l -> l.endsWith(",too few repeats"));
        assertThat(Files.readAllLines(out.resolve("cells.csv"))).noneMatch(l -> l.endsWith("drift"));
    }

    @Test
    void moreThanTwoBlocksAreTestedPairwiseAtABonferroniAlpha() {
        List<ResultRecord> records = new ArrayList<>();
        int repeat = 0;
        for (int block : new int[] {1, 3, 5}) {
            for (int r = 0; r < 3; r++) {
                records.add(new RecordFixture("base", "bidir", 2, 1, ++repeat).block(block)
                        .gbps(block == 5 ? 8.0 * QUIET[r] : 9.0 * QUIET[r]).build());
            }
        }
        records.add(new RecordFixture("base", "bidir", 2, 1, ++repeat).block(7).gbps(9.0).build());

        BlockDrift d = DriftDetector.detect(CellAggregator.aggregate(records)).get(new CellKey("base", "bidir", 2, 1));

        assertThat(d.pairs()).extracting(p -> p.earlier().block() + "-" + p.later().block() + " " + p.outcome())
                .containsExactly("1-3 NO_DRIFT", "1-5 DRIFT", "1-7 TOO_FEW_REPEATS", "3-5 DRIFT",
                        "3-7 TOO_FEW_REPEATS", "5-7 TOO_FEW_REPEATS");
        assertThat(d.pairs().get(0).alpha()).isEqualTo(0.05 / 3);
        assertThat(d.largest().diffPct()).isCloseTo((8.0 / 9.0 - 1) * 100, within(1e-9));
    }

    @Test
    void recordsWithoutBlocksAreOneBlockAndShowNoDrift(@TempDir Path in, @TempDir Path out) throws Exception {
        List<ResultRecord> records = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            records.add(new RecordFixture("base", "guest-to-host", 1, 1, r + 1).gbps(model(1) * QUIET[r]).build());
            records.add(new RecordFixture("patched", "guest-to-host", 1, 1, r + 1).gbps(model(1) * QUIET_2[r]).build());
        }
        SyntheticCampaign.write(in.resolve("old/all.jsonl"), records);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, null, ReportFormat.all()));

        assertThat(outcome.data().hasBlocks()).isFalse();
        assertThat(out.resolve("drift.csv")).doesNotExist();
        assertThat(out.resolve("blocks-guest-to-host.png")).doesNotExist();
        assertThat(Files.readString(out.resolve("report.md"))).doesNotContain("Drift between blocks", "Note:");
        assertThat(Files.readAllLines(out.resolve("cells.csv")).subList(1, 3)).allMatch(l -> l.endsWith(","));
    }
}
