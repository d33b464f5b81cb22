package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * p99 verdicts against the run-to-run spread, the watched threads in the CPU drill-down and the kernel note, on a
 * campaign written as JSONL: guest-to-host, 1-3 guests, 1 stream, 3 repeats. Every guest's round trips are 98%
 * at 120 us and 2% in a tail, so a repeat's p99 is its tail, and the cell's (three repeats merged) is the middle
 * tail. base's tails are 300, 310, 320 us (spread 20 us); patched's are 5 us higher at 1 guest (within the
 * spread) and 600-620 us from 2 guests (beyond it); quiet's equal base's (nothing to flag).
 */
@Timeout(120)
class LatencyVerdictTest {

    private static final long[] BASE_TAILS_US = {300, 310, 320};

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** What a 3-digit histogram reads back for {@code us}: the top of its bucket. */
    private static double read(long us) {
        return new Histogram(3).highestEquivalentValue(us * 1000) / 1e3;
    }

    static void write(Path dir) throws Exception {
        List<ResultRecord> base = new ArrayList<>();
        List<ResultRecord> patched = new ArrayList<>();
        List<ResultRecord> quiet = new ArrayList<>();
        for (int g = 1; g <= 3; g++) {
            Map<String, Double> threads = new LinkedHashMap<>();
            threads.put("vif*", 22.5 * g);
            threads.put("ksoftirqd/*", 4.0 + g);
            for (int r = 0; r < 3; r++) {
                long tail = BASE_TAILS_US[r];
                base.add(new RecordFixture("base", "guest-to-host", g, 1, r + 1).gbps(9.0)
                        .latency(120, tail).threads(threads).build());
                quiet.add(new RecordFixture("quiet", "guest-to-host", g, 1, r + 1).gbps(9.0)
                        .latency(120, tail).build());
                patched.add(new RecordFixture("patched", "guest-to-host", g, 1, r + 1).gbps(9.0)
                        .kernel(r < 2 ? "6.1.0-28-napi" : "6.1.0-29-napi")
                        .latency(120, g == 1 ? tail + 5 : tail + 300).threads(threads).build());
            }
        }
        // a failed repeat puts guest-to-host 1 stream into the drill-down, CPU figure included
        patched.add(SyntheticCampaign.failed("patched", "guest-to-host", 2, 1, 4));
        SyntheticCampaign.write(dir.resolve("lat/base.jsonl"), base);
        SyntheticCampaign.write(dir.resolve("lat/patched.jsonl"), patched);
        SyntheticCampaign.write(dir.resolve("lat/quiet.jsonl"), quiet);
    }

    @Test
    void p99BeyondTheSpreadIsNamedAndWithinItIsNot(@TempDir Path in, @TempDir Path out) throws Exception {
        write(in);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, "base", ReportFormat.all()));

        double spread = read(320) - read(300);
        double diffPct = (read(610) - read(310)) / read(310) * 100;
        assertThat(spread).isCloseTo(20, within(0.5));
        assertThat(Math.round(diffPct)).isEqualTo(97);
        assertThat(outcome.data().latencySentences()).containsExactly(
                "Latency, for 1 stream, guest-to-host, patched vs base: p99 round trip within the run-to-run spread"
                        + " at 1 guest; patched's p99 is higher from 2 guests (by 97%, more than a run-to-run spread"
                        + " of at most " + String.format(Locale.ROOT, "%.0f", spread) + " us).",
                "Latency, for 1 stream, guest-to-host, quiet vs base: p99 round trip within the run-to-run spread"
                        + " for all guest counts (1-3).");
        assertThat(outcome.data().summarySentences()).containsAll(outcome.data().latencySentences());

        List<String> latency = Files.readAllLines(out.resolve("latency.csv"));
        assertThat(latency.get(0)).isEqualTo("variant,direction,guests,streams,n,p50_us,p90_us,p99_us,p99_9_us,max_us");
        assertThat(latency).contains(String.format(Locale.ROOT, "base,guest-to-host,1,1,3,%.1f,%.1f,%.1f,%.1f,%.1f",
                read(120), read(120), read(310), read(320), read(320)));

        List<String> comparison = Files.readAllLines(out.resolve("latency-comparison.csv"));
        assertThat(comparison.get(0)).isEqualTo("baseline,variant,direction,guests,streams,baseline_p99_us,"
                + "variant_p99_us,diff_pct,baseline_spread_us,variant_spread_us,verdict");
        assertThat(comparison).hasSize(1 + 6).contains(
                String.format(Locale.ROOT, "base,patched,guest-to-host,3,1,%.1f,%.1f,%.2f,%.1f,%.1f,p99 higher",
                        read(310), read(610), diffPct, spread, read(620) - read(600)),
                String.format(Locale.ROOT, "base,patched,guest-to-host,1,1,%.1f,%.1f,%.2f,%.1f,%.1f,within spread",
                        read(310), read(315), (read(315) - read(310)) / read(310) * 100, spread,
                        read(325) - read(305)));
        String quietSpread = String.format(Locale.ROOT, "%.1f", spread);
        assertThat(comparison).filteredOn(l -> l.startsWith("base,quiet,")).hasSize(3)
                .allMatch(l -> l.endsWith(",0.00," + quietSpread + "," + quietSpread + ",within spread"));

        String md = Files.readString(out.resolve("report.md"));
        int latencySection = md.indexOf("## Latency\n");
        assertThat(latencySection).isPositive();
        assertThat(md.substring(latencySection)).contains(LatencySentences.SPREAD_DEFINITION,
                "- " + outcome.data().latencySentences().get(0), "| p99 higher | beyond spread |");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html.substring(html.indexOf("<h2>Latency</h2>")))
                .contains(Fmt.html(outcome.data().latencySentences().get(0)));
    }

    @Test
    void oneVariantOverTwoKernelsIsNotedNearTheTop(@TempDir Path in, @TempDir Path out) throws Exception {
        write(in);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, "base", ReportFormat.all()));

        String note = "patched's records span 2 kernels (6.1.0-28-napi: 6 records, 6.1.0-29-napi: 3 records);"
                + " check that every kernel is really patched.";
        assertThat(outcome.data().environmentNotes()).containsExactly(note);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md.indexOf("> **Note:** " + note)).isPositive().isLessThan(md.indexOf("## Summary"));
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html.indexOf(Fmt.html(note))).isPositive().isLessThan(html.indexOf("<h2 id=\"summary\">"));
    }

    @Test
    void cpuDrillDownShowsTheWatchedThreadsBesideTheModes(@TempDir Path in, @TempDir Path out) throws Exception {
        write(in);

        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, "base", ReportFormat.all()));
        CategoryChart chart = DrillDownCharts.cpuByMode("guest-to-host", 1, outcome.data().variants(),
                outcome.data().cells(), outcome.data().maxGuests());

        assertThat(out.resolve("cpu-guest-to-host-1.png")).isRegularFile();
        assertThat(chart.getTitle()).startsWith("Host CPU by mode and watched threads, guest-to-host, 1 stream");
        assertThat(chart.getSeriesMap().keySet()).containsExactly("user", "system", "softirq", "irq", "steal",
                "threads vif*", "threads ksoftirqd/*");
        List<Object> categories = new ArrayList<>(chart.getSeriesMap().get("threads vif*").getXData());
        // quiet has no thread figures, so no thread bar
        assertThat(categories).containsExactly("1 base", "1 base threads", "1 patched", "1 patched threads",
                "1 quiet", "2 base", "2 base threads", "2 patched", "2 patched threads", "2 quiet",
                "3 base", "3 base threads", "3 patched", "3 patched threads", "3 quiet");
        List<Double> vif = toDoubles(chart.getSeriesMap().get("threads vif*").getYData());
        List<Double> softirq = toDoubles(chart.getSeriesMap().get("softirq").getYData());
        assertThat(vif.get(categories.indexOf("2 patched threads"))).isCloseTo(45.0, within(1e-9));
        assertThat(vif.get(categories.indexOf("2 patched"))).isZero();
        // RecordFixture: 55 + 38.5 * guests busy, 40% of it softirq
        assertThat(softirq.get(categories.indexOf("3 base"))).isCloseTo((55 + 38.5 * 3) * 0.4, within(1e-9));
        assertThat(softirq.get(categories.indexOf("3 base threads"))).isZero();
    }

    private static List<Double> toDoubles(Collection<? extends Number> values) {
        return values.stream().map(Number::doubleValue).toList();
    }
}
