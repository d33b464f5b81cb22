package io.jloadgen.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class RecordReaderTest {

    private final SyntheticCampaign campaign = new SyntheticCampaign(5, (v, d, g, s) -> 4.0);

    @Test
    void readsEveryJsonlRecursivelyAndSkipsBadLinesWithWarnings(@TempDir Path dir) throws Exception {
        SyntheticCampaign.write(dir.resolve("a/base.jsonl"), campaign.records("base", List.of("bidir"), 2, 1, 2));
        SyntheticCampaign.write(dir.resolve("b/deeper/patched.jsonl"),
                campaign.records("patched", List.of("bidir"), 1, 1, 3));
        Files.writeString(dir.resolve("a/notes.txt"), "not a result file\n");
        String good = SyntheticCampaign.JSON.writeValueAsString(campaign.record("x", "bidir", 1, 1, 0, 1, List.of()));
        Files.writeString(dir.resolve("mixed.jsonl"), String.join("\n",
                good,
                "",                                                          // blank: ignored silently
                "{not json",
                good.replace("jloadgen.result/1", "jloadgen.result/9"),
                good.replace("\"variant\":\"x\"", "\"variant\":\"\""),
                good.replace("\"guests\":1", "\"guests\":0"),
                "[1,2,3]",
                "{\"schema\":\"jloadgen.result/1\",\"variant\":\"x\",\"direction\":\"bidir\",\"status\":\"ok\"}",
                "{\"schema\":\"jloadgen.result/1\"") + "\n");

        RecordReader.Result result = new RecordReader().read(dir);

        assertThat(result.files()).isEqualTo(3);
        assertThat(result.records()).hasSize(4 + 3 + 1);
        assertThat(result.records()).extracting(r -> r.variant()).containsExactly(
                "base", "base", "base", "base", "patched", "patched", "patched", "x");
        assertThat(result.warnings()).hasSize(7);
        assertThat(result.warnings().get(0)).startsWith("mixed.jsonl:3: skipped, not a result record (");
        assertThat(result.warnings().get(1))
                .isEqualTo("mixed.jsonl:4: skipped, schema is jloadgen.result/9, expected jloadgen.result/1");
        assertThat(result.warnings().get(2)).isEqualTo("mixed.jsonl:5: skipped, no variant");
        assertThat(result.warnings().get(3)).isEqualTo("mixed.jsonl:6: skipped, guests and streams must be at least 1");
        assertThat(result.warnings().get(4)).startsWith("mixed.jsonl:7: skipped, not a result record (");
        // missing guests/streams: a primitive without a value is refused, not read as 0 guests
        assertThat(result.warnings().get(5)).startsWith("mixed.jsonl:8: skipped");
        assertThat(result.warnings().get(6)).startsWith("mixed.jsonl:9: skipped, not a result record (");
    }

    @Test
    void theMatrixSwitchJournalBesideTheResultsIsNotAWarning(@TempDir Path dir) throws Exception {
        SyntheticCampaign.write(dir.resolve("abba/a.jsonl"), campaign.records("a", List.of("bidir"), 1, 1, 2));
        Files.writeString(dir.resolve("abba/switches.jsonl"), """
                {"block":2,"from":"a","to":"b","time":"2026-11-27T12:15:35.892Z","boot_id":"bc2b2ffd-8b22-47ff-89d2-2587a042589d","attempt":1}
                {"block":4,"from":"b","to":"a","time":"2026-11-27T12:15:51.486Z","boot_id":"bc2b2ffd-8b22-47ff-89d2-2587a042589d","attempt":1}
                """);

        RecordReader.Result result = new RecordReader().read(dir);

        assertThat(result.files()).isEqualTo(2);
        assertThat(result.records()).hasSize(2);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void emptyDirectoryGivesNothing(@TempDir Path dir) throws Exception {
        RecordReader.Result result = new RecordReader().read(dir);

        assertThat(result.records()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        assertThat(result.files()).isZero();
    }
}
