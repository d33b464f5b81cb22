package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/results/}: hand-made records of two variants (base, patched; both directions; 1-4 guests;
 * 1-2 streams; 3 repeats; latency histograms) for the README's report demo. They are generated here, and this
 * test fails when the checked-in files differ from what the generator makes, so they cannot rot.
 * Regenerate with {@code mvn -pl loadgen-core test -Dtest=ExampleResultsTest -Djloadgen.regenerateExamples=true}.
 *
 * <p>The model: patched is 15% slower guest-to-host at 1 stream from 3 guests on, equal everywhere else.
 */
@Timeout(120)
class ExampleResultsTest {

    /** Surefire runs in the module directory. */
    static final Path EXAMPLES = Path.of("..", "examples", "results", "example");
    private static final List<String> DIRECTIONS = List.of("host-to-guest", "guest-to-host");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static double model(String variant, String direction, int guests, int streams) {
        double base = 6.0 + 0.8 * guests + 0.3 * streams;
        boolean slower = variant.equals("patched") && direction.equals("guest-to-host") && streams == 1
                && guests >= 3;
        return slower ? base * 0.85 : base;
    }

    static List<ResultRecord> records(String variant, long seed) {
        return new SyntheticCampaign(seed, ExampleResultsTest::model).withLatency().withExperiment("example")
                .records(variant, DIRECTIONS, 4, 2, 3);
    }

    @Test
    void checkedInExamplesMatchTheGenerator(@TempDir Path tmp) throws Exception {
        SyntheticCampaign.write(tmp.resolve("base.jsonl"), records("base", 2026));
        SyntheticCampaign.write(tmp.resolve("patched.jsonl"), records("patched", 2027));
        if (Boolean.getBoolean("jloadgen.regenerateExamples")) {
            Files.createDirectories(EXAMPLES);
            Files.copy(tmp.resolve("base.jsonl"), EXAMPLES.resolve("base.jsonl"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(tmp.resolve("patched.jsonl"), EXAMPLES.resolve("patched.jsonl"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        assertThat(EXAMPLES.resolve("base.jsonl")).hasSameTextualContentAs(tmp.resolve("base.jsonl"));
        assertThat(EXAMPLES.resolve("patched.jsonl")).hasSameTextualContentAs(tmp.resolve("patched.jsonl"));
    }

    @Test
    void reportOnTheExamplesFindsTheModelledDrop(@TempDir Path out) throws Exception {
        ReportGenerator.Outcome outcome = new ReportGenerator().generate(
                new ReportOptions(EXAMPLES.getParent(), out, null, ReportFormat.all()));

        assertThat(outcome.data().records()).isEqualTo(2 * 2 * 4 * 2 * 3);
        assertThat(outcome.data().warnings()).isEmpty();
        List<String> expected = new ArrayList<>(List.of(
                "For 1 and 2 streams, host-to-guest, patched vs base: no significant change for all guest counts (1-4).",
                "For 1 stream, guest-to-host, patched vs base: no significant change for 1-2 guests; "
                        + "base is better from 3 guests (by 15%).",
                "For 2 streams, guest-to-host, patched vs base: no significant change for all guest counts (1-4)."));
        assertThat(outcome.data().sentences()).containsExactlyElementsOf(expected);
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(out.resolve("latency.csv")).isRegularFile();
    }
}
