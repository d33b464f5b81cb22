package io.jloadgen.session;

import io.jloadgen.engine.TcpSender;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The interval clock with time under the test's control: an embedded event loop and a matching fake clock. */
@Timeout(10)
class MeasurementTest {
    private static final long SECOND = 1_000_000_000L;

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final List<IntervalReport> reported = new ArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final SingleWriterCounter a = new SingleWriterCounter();
    private final SingleWriterCounter b = new SingleWriterCounter();
    private final List<DataStream> streams = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop.freezeTime();
        for (SingleWriterCounter c : new SingleWriterCounter[] {a, b}) {
            TcpSender sender = new TcpSender(1024, c, null, null, () -> { });
            EmbeddedChannel ch = new EmbeddedChannel(sender);
            streams.add(new DataStream(streams.isEmpty() ? 1 : 3, ch, c, sender, null));
        }
    }

    @AfterEach
    void tearDown() {
        streams.forEach(s -> ((EmbeddedChannel) s.channel()).finishAndReleaseAll());
        loop.finishAndReleaseAll();
    }

    private Measurement measurement(long intervalNs, long omitNs, long durationNs) {
        return new Measurement(streams, intervalNs, omitNs, durationNs, now::get, loop.eventLoop(), reported::add,
                () -> ended.set(true));
    }

    /** Moves both clocks on and runs whatever fell due. */
    private void advance(long ns) {
        now.addAndGet(ns);
        loop.advanceTimeBy(ns, TimeUnit.NANOSECONDS);
        loop.runScheduledPendingTasks();
    }

    @Test
    void intervalsFollowThePlanAndCountEachStream() {
        Measurement m = measurement(SECOND, 0, 3 * SECOND);
        m.start();
        a.add(100);
        b.add(50);
        advance(SECOND);
        a.add(200);
        advance(SECOND);
        b.add(7);
        advance(SECOND);
        assertThat(ended).isTrue();
        m.stop(m.plannedEndNs());
        assertThat(reported).hasSize(3);
        assertThat(reported.get(0).streams()).extracting(StreamInterval::bytes).containsExactly(100L, 50L);
        assertThat(reported.get(1).sum().bytes()).isEqualTo(200);
        assertThat(reported.get(2).streams()).extracting(StreamInterval::bytes).containsExactly(0L, 7L);
        assertThat(reported).extracting(r -> r.sum().startS()).containsExactly(0.0, 1.0, 2.0);
        assertThat(reported).extracting(r -> r.sum().endS()).containsExactly(1.0, 2.0, 3.0);
        assertThat(m.windowSeconds()).isEqualTo(3.0);
        assertThat(streams.get(0).windowBytes()).isEqualTo(300);
    }

    @Test
    void warmUpIsOmittedAndIntervalsRestartFromZero() {
        Measurement m = measurement(SECOND, 2 * SECOND, 2 * SECOND);
        m.start();
        a.add(1_000);
        advance(SECOND);
        a.add(1_000);
        advance(SECOND); // the warm-up ends here
        a.add(10);
        advance(SECOND);
        b.add(20);
        advance(SECOND);
        assertThat(ended).isTrue();
        m.stop(m.plannedEndNs());
        assertThat(reported).extracting(r -> r.sum().omitted()).containsExactly(true, true, false, false);
        assertThat(reported).extracting(r -> r.sum().startS()).containsExactly(0.0, 1.0, 0.0, 1.0);
        assertThat(reported.get(2).sum().bytes()).isEqualTo(10);
        assertThat(m.windowSeconds()).isEqualTo(2.0);
        assertThat(streams.get(0).windowBytes()).isEqualTo(10);
        assertThat(streams.get(1).windowBytes()).isEqualTo(20);
    }

    @Test
    void lateTimerStampsWhenItRanAndAShortLastIntervalIsReported() {
        Measurement m = measurement(SECOND, 0, 0);
        m.start();
        a.add(5);
        now.addAndGet(SECOND + 3_000_000); // the loop was busy: the tick runs 3 ms late
        loop.advanceTimeBy(SECOND + 3_000_000, TimeUnit.NANOSECONDS);
        loop.runScheduledPendingTasks();
        assertThat(reported.get(0).sum().endS()).isEqualTo(1.003);
        a.add(5);
        now.addAndGet(SECOND / 2);
        m.stop();
        assertThat(reported).hasSize(2);
        assertThat(reported.get(1).sum().startS()).isEqualTo(1.003);
        assertThat(reported.get(1).sum().endS()).isEqualTo(1.503);
        assertThat(m.windowSeconds()).isEqualTo(1.503);
        assertThat(ended).isFalse(); // untimed: only a byte limit ends it
    }
    @Test
    void aTimedTestsLastIntervalEndsWhereTheQueuesDrained() {
        Measurement m = measurement(SECOND, 0, 2 * SECOND);
        m.start();
        a.add(100);
        advance(SECOND);
        a.add(100);
        advance(SECOND); // the planned end: its tick is left to stop()
        assertThat(ended).isTrue();
        assertThat(reported).hasSize(1);
        a.add(40); // what the write queue still held, accepted by the socket while it drained
        now.addAndGet(SECOND / 2);
        m.stop(now.get());
        assertThat(reported).hasSize(2);
        assertThat(reported.get(1).sum().startS()).isEqualTo(1.0);
        assertThat(reported.get(1).sum().endS()).isEqualTo(2.5);
        assertThat(reported.get(1).sum().bytes()).isEqualTo(140);
        assertThat(m.windowSeconds()).isEqualTo(2.5);
        assertThat(reported.stream().mapToLong(r -> r.sum().bytes()).sum()).isEqualTo(streams.get(0).windowBytes());
    }

    @Test
    void aShortLastIntervalIsReportedOnlyWhenItMovedBytes() {
        Measurement m = measurement(SECOND, 0, 0);
        m.start();
        a.add(5);
        advance(SECOND);
        a.add(7);
        now.addAndGet(1_000_000); // 1 ms: shorter than any interval worth showing, but it holds bytes
        m.stop();
        assertThat(reported).hasSize(2);
        assertThat(reported.get(1).sum().bytes()).isEqualTo(7);

        reported.clear();
        Measurement idle = measurement(SECOND, 0, 0);
        idle.start();
        advance(SECOND);
        now.addAndGet(1_000_000);
        idle.stop();
        assertThat(reported).hasSize(1);
    }
    /** Records the planned stops it is given; sends nothing. */
    private static final class PlannedStops implements io.jloadgen.engine.DataSender {
        final List<Long> stopAtNs = new ArrayList<>();

        @Override
        public void start() {
        }

        @Override
        public void start(long stopAtNs) {
            this.stopAtNs.add(stopAtNs);
        }

        @Override
        public void stopAt(long stopAtNs) {
            this.stopAtNs.add(stopAtNs);
        }

        @Override
        public long flushedAtNs() {
            return 0;
        }

        @Override
        public long queuedBytes() {
            return 0;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> stop(boolean halfClose) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void aLateWarmUpEndMovesTheSendersPlannedStopSoTheWindowLastsTheDuration() {
        PlannedStops sender = new PlannedStops();
        EmbeddedChannel ch = new EmbeddedChannel();
        Measurement m = new Measurement(List.of(new DataStream(1, ch, new SingleWriterCounter(), sender, null)), SECOND,
                SECOND, 2 * SECOND, now::get, loop.eventLoop(), reported::add, () -> ended.set(true));
        m.start();
        long start = now.get();
        assertThat(m.plannedEndNs()).isEqualTo(start + 3 * SECOND);
        now.addAndGet(SECOND + 400_000_000L); // the warm-up's timer runs 400 ms late
        loop.advanceTimeBy(SECOND, TimeUnit.NANOSECONDS);
        loop.runScheduledPendingTasks();
        assertThat(sender.stopAtNs).containsExactly(start + 3 * SECOND + 400_000_000L);
        ch.finishAndReleaseAll();
    }

    /** A receiving stream's arrival times, set by the test. */
    private static final class Arrivals implements io.jloadgen.engine.DataSink {
        long firstNs;
        long lastNs;

        @Override
        public long firstReadNs() {
            return firstNs;
        }

        @Override
        public long lastReadNs() {
            return lastNs;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> endOfStream() {
            return new java.util.concurrent.CompletableFuture<>();
        }
    }

    /**
     * A receiving end of a 3 s test whose first byte arrives 20 ms into its clock, its last at {@code lastMs},
     * and whose clock is stopped at that last byte, {@code stopCallMs} into its clock (as a receiving client does).
     */
    private double receiverWindow(long lastMs, long stopCallMs) {
        return receiverWindow(lastMs, stopCallMs, false);
    }

    /** As above; {@code peerTimed}: a server's clock, which the peer stops, told the 3 s the peer planned. */
    private double receiverWindow(long lastMs, long stopCallMs, boolean peerTimed) {
        Arrivals sink = new Arrivals();
        EmbeddedChannel ch = new EmbeddedChannel();
        Measurement m = new Measurement(List.of(new DataStream(1, ch, a, null, sink)), SECOND, 0,
                peerTimed ? 0 : 3 * SECOND, now::get, loop.eventLoop(), reported::add, () -> ended.set(true));
        if (peerTimed) {
            m.peerPlans(3 * SECOND);
        }
        long start = now.get();
        m.start();
        sink.firstNs = start + 20_000_000L;
        sink.lastNs = start + lastMs * 1_000_000L;
        a.add(1000);
        now.set(start + stopCallMs * 1_000_000L);
        m.stop(sink.lastNs);
        ch.finishAndReleaseAll();
        return m.windowSeconds();
    }

    @Test
    void aReceiversWindowLastsTheDurationWhenItsLastByteCameEarlier() {
        // a paced sender's last block left one pacing gap (50 ms) before its end
        assertThat(receiverWindow(2_970, 3_100)).isEqualTo(3.0);
    }

    @Test
    void aServersWindowLastsTheDurationItsPeerPlanned() {
        assertThat(receiverWindow(2_970, 3_100, true)).isEqualTo(3.0);
        assertThat(receiverWindow(1_400, 1_500, true)).isEqualTo(1.38); // the peer ended it early
    }

    @Test
    void aReceiversWindowRunsToItsLastByteWhenAQueueDrainedAfterTheDuration() {
        assertThat(receiverWindow(3_170, 3_400)).isEqualTo(3.15);
    }

    @Test
    void aReceiverStoppedEarlyEndsItsWindowWithItsLastByte() {
        assertThat(receiverWindow(1_400, 1_500)).isEqualTo(1.38);
    }
}
