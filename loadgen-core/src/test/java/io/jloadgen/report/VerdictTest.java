package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Comparisons and sentences on a campaign built so the right answer is known. */
@Timeout(20)
class VerdictTest {

    private static final List<String> DIRECTIONS = List.of("host-to-guest", "guest-to-host");

    /** The seed's picture: patched 20% slower from 5 guests, guest-to-host, 1 stream only. */
    static double seedLike(String variant, String direction, int guests, int streams) {
        double base = 9.0 + 0.1 * guests;
        boolean drop = variant.equals("patched") && direction.equals("guest-to-host") && streams == 1 && guests >= 5;
        return drop ? base * 0.8 : base;
    }

    static List<ResultRecord> seedLikeRecords() {
        SyntheticCampaign campaign = new SyntheticCampaign(42, VerdictTest::seedLike);
        List<ResultRecord> records = new ArrayList<>();
        records.addAll(campaign.records("base", DIRECTIONS, 8, 2, 3));
        records.addAll(campaign.records("patched", DIRECTIONS, 8, 2, 3));
        return records;
    }

    @Test
    void baselineBetterExactlyWhereTheModelDrops() {
        List<Comparison> rows = VariantComparer.compare(CellAggregator.aggregate(seedLikeRecords()), "base");

        assertThat(rows).hasSize(2 * 2 * 8);
        for (Comparison c : rows) {
            boolean drop = c.direction().equals("guest-to-host") && c.streams() == 1 && c.guests() >= 5;
            assertThat(c.verdict()).as("%s %d streams %d guests", c.direction(), c.streams(), c.guests())
                    .isEqualTo(drop ? Verdict.BASELINE_BETTER : Verdict.NO_SIGNIFICANT_CHANGE);
            if (drop) {
                // the per-repeat factors average to 1.0 (base) and 1.000667 (patched)
                assertThat(c.diffPct()).isCloseTo((0.8 * 1.0006666666666666 - 1) * 100, within(1e-9));
                assertThat(c.pValue()).isLessThan(0.001);
            }
        }
    }

    @Test
    void sentencesReadLikeTheSeed() {
        List<String> sentences = VerdictSentences.of(
                VariantComparer.compare(CellAggregator.aggregate(seedLikeRecords()), "base"));

        assertThat(sentences).containsExactly(
                "For 1 and 2 streams, host-to-guest, patched vs base: no significant change for all guest counts (1-8).",
                "For 1 stream, guest-to-host, patched vs base: no significant change for 1-4 guests; "
                        + "base is better from 5 guests (by 20%).",
                "For 2 streams, guest-to-host, patched vs base: no significant change for all guest counts (1-8).");
    }

    @Test
    void markedCellsAreNamedAndNotTested() {
        SyntheticCampaign campaign = new SyntheticCampaign(1, (v, d, g, s) -> 5.0);
        List<ResultRecord> records = new ArrayList<>();
        for (int g = 1; g <= 3; g++) {
            for (int r = 0; r < 3; r++) {
                records.add(campaign.record("base", "bidir", g, 1, r, r + 1, List.of()));
                // guest count 3 of the variant: two repeats stalled, one usable left
                List<String> flags = g == 3 && r > 0 ? List.of("stall:3") : List.of();
                records.add(campaign.record("fast", "bidir", g, 1, r, r + 1, flags));
            }
        }
        records.add(SyntheticCampaign.failed("fast", "bidir", 2, 1, 9));

        List<Comparison> rows = VariantComparer.compare(CellAggregator.aggregate(records), "base");

        assertThat(rows).extracting(Comparison::verdict).containsExactly(
                Verdict.NO_SIGNIFICANT_CHANGE, Verdict.NO_SIGNIFICANT_CHANGE, Verdict.TOO_FEW_REPEATS);
        assertThat(rows.get(2).pValue()).isNaN();
        assertThat(VerdictSentences.of(rows)).containsExactly(
                "For 1 stream, bidir, fast vs base: no significant change for 1-2 guests; "
                        + "too few repeats to tell at 3 guests. "
                        + "Marked: 2 guests (fast: 1 failed), 3 guests (fast: n<2, 2 excluded: stall:3).");
    }

    @Test
    void missingCellsAreReportedNotDropped() {
        SyntheticCampaign campaign = new SyntheticCampaign(3, (v, d, g, s) -> 5.0);
        List<ResultRecord> records = new ArrayList<>(campaign.records("base", List.of("bidir"), 2, 1, 2));
        records.addAll(campaign.records("patched", List.of("bidir"), 1, 1, 2));

        List<Comparison> rows = VariantComparer.compare(CellAggregator.aggregate(records), "base");

        assertThat(rows).extracting(Comparison::verdict)
                .containsExactly(Verdict.NO_SIGNIFICANT_CHANGE, Verdict.MISSING);
        assertThat(rows.get(1).variantMeanGbps()).isNaN();
        assertThat(rows.get(1).verdictLabel()).isEqualTo("missing");
    }

    @Test
    void streamCountsAreWordedAsInTheSeed() {
        assertThat(VerdictSentences.streamCounts(List.of(1))).isEqualTo("1 stream");
        assertThat(VerdictSentences.streamCounts(List.of(3))).isEqualTo("3 streams");
        assertThat(VerdictSentences.streamCounts(List.of(3, 4))).isEqualTo("3 and 4 streams");
        assertThat(VerdictSentences.streamCounts(List.of(1, 2, 3, 4))).isEqualTo("1-4 streams");
        assertThat(VerdictSentences.streamCounts(List.of(1, 2, 4))).isEqualTo("1, 2 and 4 streams");
    }

    /** The seed's guest-to-host picture: 1 and 2 streams drop from 5 guests, 3 and 4 streams do not. */
    @Test
    void neighbouringStreamCountsWithTheSameFindingShareASentence() {
        SyntheticCampaign campaign = new SyntheticCampaign(9, (v, d, g, s) ->
                v.equals("patched") && s <= 2 && g >= 5 ? 8.0 : 10.0);
        List<ResultRecord> records = new ArrayList<>(campaign.records("base", List.of("guest-to-host"), 8, 4, 3));
        records.addAll(campaign.records("patched", List.of("guest-to-host"), 8, 4, 3));

        assertThat(VerdictSentences.of(VariantComparer.compare(CellAggregator.aggregate(records), "base")))
                .containsExactly(
                        "For 1 and 2 streams, guest-to-host, patched vs base: no significant change for 1-4 guests; "
                                + "base is better from 5 guests (by 20%).",
                        "For 3 and 4 streams, guest-to-host, patched vs base: "
                                + "no significant change for all guest counts (1-8).");
    }

    @Test
    void rangesAreWordedByPosition() {
        List<Integer> all = List.of(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(VerdictSentences.range(List.of(1, 2, 3, 4), all)).isEqualTo("for 1-4 guests");
        assertThat(VerdictSentences.range(List.of(5, 6, 7, 8), all)).isEqualTo("from 5 guests");
        assertThat(VerdictSentences.range(List.of(3), all)).isEqualTo("at 3 guests");
        assertThat(VerdictSentences.range(List.of(1), all)).isEqualTo("at 1 guest");
        assertThat(VerdictSentences.range(all, all)).isEqualTo("for all guest counts (1-8)");
        assertThat(VerdictSentences.range(List.of(2, 4), List.of(1, 2, 4))).isEqualTo("for 2, 4 guests");
    }
}
