package io.jloadgen.session;

import io.jloadgen.engine.TcpStats;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The clock of one test at one end: the omitted warm-up, the measured window and the reporting intervals,
 * every boundary scheduled against the test's start (never against the previous tick), so they do not
 * drift. As in iperf3, interval times restart from 0 when the warm-up ends.
 *
 * <p>Threading: confined to one event executor (the control connection's); it reads the streams' counters,
 * which their own event loops write.
 */
final class Measurement {
    /** Receives each finished interval. */
    interface Listener {
        void onInterval(IntervalReport report);
    }

    /** A final interval shorter than this is reported only when it moved bytes (else it would show timer jitter). */
    private static final long MIN_FINAL_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private final List<DataStream> streams;
    private final long intervalNs;
    private final long omitNs;
    private final long durationNs;
    private final LongSupplier clock;
    private final EventExecutor executor;
    private final Listener listener;
    private final Runnable onDurationEnd;
    private final List<IntervalReport> intervals = new ArrayList<>();
    private final long[] lastBytes;
    private final long[] lastRetransmits;
    private final long[] lastPackets;
    private final long[] lastLost;
    private final long[] lastOutOfOrder;

    private long startNs;
    private long phaseStartNs;
    private long lastTickNs;
    private long endNs;
    /** When {@link #stop} was called, which may be later than the end it was given. */
    private long stoppedAtNs;
    /** How long the peer planned the window to be, when the peer times the test (see {@link #peerPlans}). */
    private long peerDurationNs;
    private long windowStartNs;
    private boolean omitting;
    private boolean running;
    private int tickIndex;
    private ScheduledFuture<?> tickFuture;
    private ScheduledFuture<?> omitFuture;
    private ScheduledFuture<?> endFuture;

    /**
     * @param durationNs    measured window after the warm-up, 0 when the test ends otherwise (byte limits)
     * @param onDurationEnd called on the executor when the window has elapsed
     */
    Measurement(List<DataStream> streams, long intervalNs, long omitNs, long durationNs, LongSupplier clock,
                EventExecutor executor, Listener listener, Runnable onDurationEnd) {
        this.streams = streams;
        this.intervalNs = intervalNs;
        this.omitNs = omitNs;
        this.durationNs = durationNs;
        this.clock = clock;
        this.executor = executor;
        this.listener = listener;
        this.onDurationEnd = onDurationEnd;
        this.lastBytes = new long[streams.size()];
        this.lastRetransmits = new long[streams.size()];
        this.lastPackets = new long[streams.size()];
        this.lastLost = new long[streams.size()];
        this.lastOutOfOrder = new long[streams.size()];
    }

    /**
     * This end does not time the test, its peer does (a server), and planned a window of {@code durationNs}:
     * a receiving end's window then lasts that long at least, as a timed test's does (see {@link #windowSeconds}).
     */
    void peerPlans(long durationNs) {
        this.peerDurationNs = durationNs;
    }

    /** Starts the clock now. Executor thread only. */
    void start() {
        startNs = clock.getAsLong();
        running = true;
        omitting = omitNs > 0;
        beginPhase(startNs);
        if (omitting) {
            omitFuture = executor.schedule(this::endWarmUp, omitNs, TimeUnit.NANOSECONDS);
        } else {
            markWindowStart(startNs);
        }
    }

    private void beginPhase(long phaseStart) {
        phaseStartNs = phaseStart;
        lastTickNs = phaseStart;
        tickIndex = 0;
        if (tickFuture != null) {
            tickFuture.cancel(false);
        }
        scheduleNextTick();
    }

    private void scheduleNextTick() {
        if (intervalNs <= 0) {
            return;
        }
        long deadline = phaseStartNs + (tickIndex + 1) * intervalNs;
        tickFuture = executor.schedule(this::tick, Math.max(0, deadline - clock.getAsLong()), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (!running) {
            return;
        }
        tickIndex++;
        if (!omitting && durationNs > 0 && tickIndex * intervalNs >= durationNs) {
            // The window's last interval is reported by stop(), so that it ends where the senders' queues
            // drained: bytes still queued at the planned end leave only then (and on a slow link, seconds later).
            return;
        }
        long deadline = phaseStartNs + tickIndex * intervalNs;
        // Stamp the interval at its planned boundary unless the timer fired late by more than a millisecond.
        long now = clock.getAsLong();
        emitInterval(now - deadline > 1_000_000 ? now : deadline);
        scheduleNextTick();
    }

    private void endWarmUp() {
        if (!running) {
            return;
        }
        long now = clock.getAsLong();
        long firstByte = receiveOnly() ? firstByteNs() : 0;
        if (firstByte != 0 && firstByte + omitNs - now > 1_000_000) {
            // A receiver's warm-up runs from the sender's start, which its first byte marks, not from its own
            // clock's start (TEST_RUNNING reached the sender later): otherwise it would count more than was sent.
            omitFuture = executor.schedule(this::endWarmUp, firstByte + omitNs - now, TimeUnit.NANOSECONDS);
            return;
        }
        if (now - lastTickNs >= MIN_FINAL_INTERVAL_NS) {
            emitInterval(now);
        }
        omitting = false;
        markWindowStart(now);
        beginPhase(now);
    }

    /**
     * Starts the measured window. Without a warm-up, counting starts from each stream's first byte: a
     * receiver may see data before its own clock starts (the sender's TEST_RUNNING can arrive first), and
     * those bytes belong to the test.
     */
    private void markWindowStart(long atNs) {
        windowStartNs = atNs;
        if (durationNs > 0) {
            // The senders were told to stop at the planned end; a warm-up that ended late moves it, so that the
            // window, which ends where their queues drained, is the duration asked for.
            for (DataStream s : streams) {
                if (s.sending()) {
                    s.sender().stopAt(atNs + durationNs);
                }
            }
            endFuture = executor.schedule(() -> {
                if (running) {
                    onDurationEnd.run();
                }
            }, durationNs, TimeUnit.NANOSECONDS);
        }
        if (omitNs == 0) {
            return;
        }
        for (int i = 0; i < streams.size(); i++) {
            DataStream s = streams.get(i);
            s.markOmitEnd();
            lastBytes[i] = s.totalBytes();
            lastPackets[i] = s.totalPackets();
            lastLost[i] = s.totalLost();
            lastOutOfOrder[i] = s.totalOutOfOrder();
            TcpStats t = s.sending() ? s.tcpStats() : null;
            lastRetransmits[i] = t == null ? 0 : t.totalRetransmits();
        }
    }

    /** Stops the clock now: reports the last partial interval and fixes the window's end. Executor thread only. */
    void stop() {
        stop(clock.getAsLong());
    }

    /**
     * Stops the clock as of {@code atNs} (not later than now): when the senders' queues drained, which may be
     * a moment before this thread learns of it. The last interval runs from the last one reported to here, and
     * for a timed test that includes the planned end's (see {@link #tick()}).
     */
    void stop(long atNs) {
        if (!running) {
            return;
        }
        long now = Math.max(Math.min(atNs, clock.getAsLong()), lastTickNs);
        if (intervalNs > 0 && (now - lastTickNs >= MIN_FINAL_INTERVAL_NS || movedSinceLastInterval())) {
            emitInterval(now); // a short one only with bytes in it, as iperf3 does: the intervals add up to the total
        }
        running = false;
        endNs = now;
        stoppedAtNs = clock.getAsLong();
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {tickFuture, omitFuture, endFuture}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        if (omitting) { // ended during the warm-up: nothing was measured
            omitting = false;
            markWindowStart(now);
            phaseStartNs = now;
        }
    }

    private boolean movedSinceLastInterval() {
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).totalBytes() != lastBytes[i]) {
                return true;
            }
        }
        return false;
    }

    private void emitInterval(long atNs) {
        double start = (lastTickNs - phaseStartNs) / 1e9;
        double end = (atNs - phaseStartNs) / 1e9;
        List<StreamInterval> rows = new ArrayList<>(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            DataStream s = streams.get(i);
            long total = s.totalBytes();
            long bytes = total - lastBytes[i];
            lastBytes[i] = total;
            TcpStats t = s.sending() ? s.tcpStats() : null;
            long retrans = -1;
            if (t != null) {
                retrans = t.totalRetransmits() - lastRetransmits[i];
                lastRetransmits[i] = t.totalRetransmits();
            }
            UdpFigures udp = null;
            if (s.udp()) {
                long packets = s.totalPackets();
                long lost = s.totalLost();
                long outOfOrder = s.totalOutOfOrder();
                udp = new UdpFigures(packets - lastPackets[i], lost - lastLost[i], outOfOrder - lastOutOfOrder[i],
                        s.jitterSeconds() * 1000);
                lastPackets[i] = packets;
                lastLost[i] = lost;
                lastOutOfOrder[i] = outOfOrder;
            }
            rows.add(new StreamInterval(s.id(), start, end, bytes, s.sending(), omitting, retrans,
                    t == null ? -1 : t.sndCwndBytes(), t == null ? -1 : t.rttUs(), t == null ? -1 : t.rttVarUs(),
                    t == null ? -1 : t.pmtu(), udp));
        }
        boolean anySender = rows.stream().anyMatch(StreamInterval::sender);
        boolean anyReceiver = rows.stream().anyMatch(r -> !r.sender());
        StreamInterval sum;
        StreamInterval sumReverse = null;
        if (anySender && anyReceiver) { // --bidir: iperf3 sums each direction apart
            sum = sum(rows, true, start, end);
            sumReverse = sum(rows, false, start, end);
        } else {
            sum = sum(rows, anySender, start, end);
        }
        lastTickNs = atNs;
        IntervalReport report = new IntervalReport(List.copyOf(rows), sum, sumReverse);
        intervals.add(report);
        listener.onInterval(report);
    }

    /** The sum of the rows sent ({@code sending}) or received by this end; UDP jitter is averaged, as iperf3 does. */
    private StreamInterval sum(List<StreamInterval> rows, boolean sending, double start, double end) {
        long bytes = 0;
        long retrans = -1;
        long packets = 0, lost = 0, outOfOrder = 0;
        double jitter = 0;
        int n = 0;
        boolean udp = false;
        for (StreamInterval r : rows) {
            if (r.sender() != sending) {
                continue;
            }
            n++;
            bytes += r.bytes();
            if (r.retransmits() >= 0) {
                retrans = Math.max(retrans, 0) + r.retransmits();
            }
            if (r.udp() != null) {
                udp = true;
                packets += r.udp().packets();
                lost += r.udp().lost();
                outOfOrder += r.udp().outOfOrder();
                jitter += r.udp().jitterMs();
            }
        }
        UdpFigures u = udp ? new UdpFigures(packets, lost, outOfOrder, n == 0 ? 0 : jitter / n) : null;
        return new StreamInterval(-1, start, end, bytes, sending, omitting, retrans, -1, -1, -1, -1, u);
    }

    boolean omitting() {
        return omitting;
    }

    /**
     * Length of the measured window: from the warm-up's end to {@link #stop()} (or now, if still running).
     * An end that only receives, with no warm-up, starts its window at the first byte: the sender may
     * start a moment after the receiver's clock (its TEST_RUNNING arrives later), and that moment moved
     * no data. Once stopped, a receiving end's window ends with its last byte; when a timed test ran its
     * course, not before its duration is up.
     */
    double windowSeconds() {
        long end = running ? clock.getAsLong() : endNs;
        if (omitting) {
            return 0;
        }
        long start = windowStartNs;
        if (receiveOnly()) {
            if (omitNs == 0 && firstByteNs() != 0) {
                start = Math.max(start, firstByteNs());
            }
            // Once stopped, the window ends with the last byte: not with a drain's wait after it, nor before
            // bytes still queued at the stop (a client stops its clock at the planned end, then drains, and
            // the drained bytes count: behind a 150 ms queue they read as 120 Mbit/s through a 100 Mbit/s link).
            long last = streams.stream().mapToLong(DataStream::lastReadNs).max().orElse(0);
            if (!running && last > start) {
                end = last;
                long plannedNs = durationNs > 0 ? durationNs : peerDurationNs;
                if (plannedNs > 0 && stoppedAtNs >= startNs + omitNs + plannedNs) {
                    // a timed test that ran its course lasted its duration at least: a paced sender's last block
                    // leaves up to a pacing gap before its end, and first to last byte is then a gap short
                    end = Math.max(end, start + plannedNs);
                }
            }
        }
        return Math.max(0, end - start) / 1e9;
    }

    long startNs() {
        return startNs;
    }

    private boolean receiveOnly() {
        return !streams.isEmpty() && streams.stream().noneMatch(DataStream::sending);
    }

    /** When the first byte reached any stream of a receive-only end, 0 before. */
    private long firstByteNs() {
        return streams.stream().mapToLong(s -> s.sink().firstReadNs()).filter(t -> t != 0).min().orElse(0);
    }

    /** When the measured window is planned to end: start, plus warm-up, plus duration (0 when untimed). */
    long plannedEndNs() {
        return durationNs > 0 ? startNs + omitNs + durationNs : 0;
    }

    List<IntervalReport> intervals() {
        return intervals;
    }
}
