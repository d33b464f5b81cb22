package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class LatencyAggregatorTest {

    /** {@code count} round trips of {@code valueUs}, recorded in nanoseconds as the probe does. */
    private static String histogram(long valueUs, int count) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        h.recordValueWithCount(valueUs * 1000, count);
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), len));
    }

    /** What a 3-digit histogram reads back for {@code valueUs}: the top of its bucket, in microseconds. */
    private static double read(long valueUs) {
        return new Histogram(3).highestEquivalentValue(valueUs * 1000) / 1e3;
    }

    private static ResultRecord withHdr(int repeat, List<String> hdr, String status) {
        ResultRecord r = new SyntheticCampaign(1, (v, d, g, s) -> 2.0).record("base", "bidir", 2, 1, 0, repeat, List.of());
        return new ResultRecord(r.schema(), r.experiment(), r.variant(), r.direction(), r.guests(), r.streams(),
                r.repeat(), null, status, null, r.startedAt(), r.durationS(), r.omitS(), r.throughputGbps(),
                r.guestGbps(), r.hostCpuPct(), null, null, r.fairness(), null, null, null, null, null,
                List.of(), null, hdr, null);
    }

    @Test
    void mergesGuestsAndRepeatsInsteadOfAveragingPercentiles() {
        // repeat 1: guest 1 has 990 round trips of 100 us, guest 2 has 5 of 2000 us;
        // repeat 2: guest 1 has 990 of 100 us, guest 2 has 5 of 2000 us again (2 x 995 = 1990 in all).
        // Merged: p50 = p99 = 100 (1980 of 1990 = 99.5% are 100), p99.9 = max = 2000.
        // Averaging the guests' p50 instead would say (100 + 2000) / 2 = 1050.
        List<String> hdr = List.of(histogram(100, 990), histogram(2000, 5));
        List<ResultRecord> records = new ArrayList<>(List.of(withHdr(1, hdr, "ok"), withHdr(2, hdr, "ok")));
        records.add(withHdr(3, List.of(histogram(50_000, 1000)), "failed")); // failed: never merged

        List<String> warnings = new ArrayList<>();
        SortedMap<CellKey, LatencySummary> latency =
                LatencyAggregator.aggregate(CellAggregator.aggregate(records), warnings);

        LatencySummary l = latency.get(new CellKey("base", "bidir", 2, 1));
        assertThat(l.n()).isEqualTo(2);
        assertThat(l.count()).isEqualTo(1990);
        assertThat(l.p50Us()).isEqualTo(read(100)).isEqualTo(100.031);
        assertThat(l.p90Us()).isEqualTo(read(100));
        assertThat(l.p99Us()).isEqualTo(read(100));
        assertThat(l.p99_9Us()).isEqualTo(read(2000));
        assertThat(l.maxUs()).isEqualTo(read(2000));
        // each repeat alone has the same p99, so the run-to-run spread is zero
        assertThat(l.repeatP99Us()).containsExactly(read(100), read(100));
        assertThat(l.p99SpreadUs()).isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void undecodableHistogramIsSkippedWithAWarning() {
        List<ResultRecord> records = List.of(withHdr(1, List.of(histogram(300, 10), "bm90IGEgaGlzdG9ncmFt"), "ok"));
        List<String> warnings = new ArrayList<>();

        SortedMap<CellKey, LatencySummary> latency =
                LatencyAggregator.aggregate(CellAggregator.aggregate(records), warnings);

        assertThat(latency.values()).singleElement().satisfies(l -> {
            assertThat(l.count()).isEqualTo(10);
            assertThat(l.p50Us()).isEqualTo(read(300));
        });
        assertThat(warnings).containsExactly("CellKey[variant=base, direction=bidir, guests=2, streams=1] repeat 1 "
                + "guest 2: latency histogram skipped, not a compressed base64 HdrHistogram");
    }

    @Test
    void cellsWithoutHistogramsHaveNoLatency() {
        List<ResultRecord> records = List.of(withHdr(1, null, "ok"));

        assertThat(LatencyAggregator.aggregate(CellAggregator.aggregate(records), new ArrayList<>())).isEmpty();
    }
}
