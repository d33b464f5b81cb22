package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(10)
class CellAggregatorTest {

    private final SyntheticCampaign campaign = new SyntheticCampaign(7, (v, d, g, s) -> 10.0);

    @Test
    void usableRepeatsOnlyAreAveraged() {
        List<ResultRecord> records = new ArrayList<>();
        // factors 0.99, 1.00, 1.01 of 10 Gbit/s
        for (int r = 0; r < 3; r++) {
            records.add(campaign.record("base", "guest-to-host", 2, 1, r, r + 1, List.of()));
        }
        records.add(campaign.record("base", "guest-to-host", 2, 1, 3, 4, List.of("stall:2")));
        records.add(SyntheticCampaign.failed("base", "guest-to-host", 2, 1, 5));

        SortedMap<CellKey, CellSummary> cells = CellAggregator.aggregate(records);

        assertThat(cells).hasSize(1);
        CellSummary c = cells.get(new CellKey("base", "guest-to-host", 2, 1));
        assertThat(c.n()).isEqualTo(3);
        assertThat(c.nFailed()).isEqualTo(1);
        assertThat(c.nFlagged()).isEqualTo(1);
        assertThat(c.flags()).containsExactly("stall:2");
        assertThat(c.throughputGbps().mean()).isCloseTo(10.0, within(1e-12));
        assertThat(c.throughputGbps().sd()).isCloseTo(0.1, within(1e-12));
        assertThat(c.perGuestGbps().mean()).isCloseTo(5.0, within(1e-12));
        assertThat(c.usable()).hasSize(3);
        assertThat(c.all()).hasSize(5);
        assertThat(c.marks()).containsExactly("1 failed", "1 excluded: stall:2");
        assertThat(c.fairness()).isBetween(0.99, 1.0);
        assertThat(c.cpuPctPerGbps()).isCloseTo(c.hostCpuPct() / 10.0, within(1e-12));
    }

    @Test
    void singleRepeatIsMarkedTooFew() {
        CellSummary c = CellAggregator.aggregate(
                List.of(campaign.record("base", "host-to-guest", 1, 1, 0, 1, List.of()))).values().iterator().next();

        assertThat(c.n()).isEqualTo(1);
        assertThat(c.throughputGbps().sd()).isNaN();
        assertThat(c.marks()).containsExactly("n<2");
    }

    @Test
    void cellsAreKeyedByVariantDirectionGuestsStreams() {
        List<ResultRecord> records = new ArrayList<>();
        records.addAll(campaign.records("base", List.of("host-to-guest", "guest-to-host"), 3, 2, 2));
        records.addAll(campaign.records("patched", List.of("host-to-guest", "guest-to-host"), 3, 2, 2));

        SortedMap<CellKey, CellSummary> cells = CellAggregator.aggregate(records);

        assertThat(cells).hasSize(2 * 2 * 3 * 2);
        assertThat(cells.values()).allSatisfy(c -> assertThat(c.n()).isEqualTo(2));
        assertThat(cells.firstKey()).isEqualTo(new CellKey("base", "host-to-guest", 1, 1));
    }
}
