package io.jloadgen.stats;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyRecorderTest {
    @Test
    void intervalsAddUpToTheTotalAndPercentilesAreHdrHistogramsOwn() {
        LatencyRecorder r = new LatencyRecorder();
        LatencyRecorder.Writer w = r.newWriter();
        for (int i = 1; i <= 1000; i++) {
            w.record(i * 1000L, 0); // 1..1000 us
        }
        LatencySummary first = r.interval(2.0);
        assertThat(first.count()).isEqualTo(1000);
        assertThat(first.correctedCount()).isEqualTo(1000);
        assertThat(first.transactionsPerSecond()).isEqualTo(500.0);
        assertThat(first.minUs()).isEqualTo(1.0);
        assertThat(first.p50Us()).isEqualTo(500.223); // 3 significant digits: the bucket's highest equivalent value
        assertThat(first.maxUs()).isEqualTo(1000.447);
        w.record(5_000_000, 0);
        LatencySummary second = r.interval(1.0);
        assertThat(second.count()).isEqualTo(1);
        assertThat(r.total(3.0).count()).isEqualTo(1001);
    }

    @Test
    void lateRepliesAreCorrectedAtThePeriodAndBothCountsKept() {
        LatencyRecorder r = new LatencyRecorder();
        LatencyRecorder.Writer w = r.newWriter();
        w.record(1_000_000, 10_000_000); // 1 ms at a 10 ms period: on time
        w.record(35_000_000, 10_000_000); // 35 ms: also stands for the requests that waited 25 and 15 ms
        LatencySummary s = r.interval(1.0);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.correctedCount()).isEqualTo(4); // 1, then 35, 25, 15 (HdrHistogram stops below the period)
    }

    @Test
    void correctedHistogramEqualsHdrHistogramsOwnExpectedIntervalRecording() {
        long period = 10_000;
        LatencyRecorder r = new LatencyRecorder();
        LatencyRecorder.Writer w = r.newWriter();
        Histogram reference = new Histogram(LatencyRecorder.DIGITS);
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        long[] edges = {0, period - 1, period, period + 1, 2 * period - 1, 2 * period, 2 * period + 1, 7 * period};
        for (int i = 0; i < 5_000; i++) {
            long v = i < edges.length ? edges[i] : random.nextLong(8 * period);
            w.record(v, period);
            reference.recordValueWithExpectedInterval(v, period);
            if (i % 700 == 0) {
                r.interval(1.0);
            }
        }
        r.interval(1.0);
        assertThat(r.totalCorrectedHistogram()).isEqualTo(reference);
        assertThat(r.total(1.0).count()).isEqualTo(5_000);
        assertThat(r.total(1.0).correctedCount()).isEqualTo(reference.getTotalCount());
    }

    @Test
    void aRecorderAsMeasuredKeepsLateRepliesAsTheyAre() {
        LatencyRecorder r = LatencyRecorder.asMeasured();
        LatencyRecorder.Writer w = r.newWriter();
        w.record(1_000_000, 10_000_000);
        w.record(35_000_000, 10_000_000);
        LatencySummary s = r.interval(1.0);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.correctedCount()).isEqualTo(2);
        assertThat(r.totalCorrectedHistogram().getTotalCount()).isEqualTo(2);
    }

    @Test
    void histogramTravelsAsCompressedBase64() throws Exception {
        LatencyRecorder r = new LatencyRecorder();
        LatencyRecorder.Writer w = r.newWriter();
        for (int i = 0; i < 100; i++) {
            w.record(20_000 + i * 100L, 0);
        }
        r.interval(1.0);
        Histogram h = r.totalCorrectedHistogram();
        String text = LatencySummary.compressedBase64(h);
        Histogram back = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
        assertThat(back).isEqualTo(h);
        assertThat(back.getTotalCount()).isEqualTo(100);
    }

    @Test
    void everyWritersValuesJoinTheSameIntervalAndTotal() throws Exception {
        LatencyRecorder r = new LatencyRecorder();
        LatencyRecorder.Writer a = r.newWriter();
        Thread other = new Thread(() -> {
            LatencyRecorder.Writer b = r.newWriter();
            for (int i = 0; i < 500; i++) {
                b.record(2_000_000, 0);
            }
        });
        other.start();
        for (int i = 0; i < 300; i++) {
            a.record(1_000_000, 0);
        }
        other.join();
        LatencySummary s = r.interval(1.0);
        assertThat(s.count()).isEqualTo(800);
        assertThat(s.minUs()).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(s.maxUs()).isCloseTo(2000.0, org.assertj.core.data.Offset.offset(2.0));
        a.record(3_000_000, 0);
        assertThat(r.interval(1.0).count()).isEqualTo(1);
        assertThat(r.total(2.0).count()).isEqualTo(801);
        r.reset();
        assertThat(r.interval(1.0).count()).isZero();
    }
}
