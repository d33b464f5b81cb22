package io.jloadgen.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reads {@code /proc/stat} when a test is launched and at every interval boundary after it, on a schedule
 * fixed against the launch (so boundaries do not drift). When the test has ended, {@link #stop(long)} keeps
 * the readings of its measured window: the last {@code windowNs} before the end. The window is found from
 * the end because the start of measurement (after connect, parameter exchange and warm-up) is not observable
 * from outside the clients, and varies with load; the end is.
 *
 * <p>Threading: readings are taken on the sampler's own daemon thread; {@link #stop(long)} may be called
 * from any one thread, once.
 */
public final class HostCpuSampler {
    private final Supplier<ProcStat> source;
    private final LongSupplier clockNs;
    private final ScheduledExecutorService timer;
    private final List<ProcStat> readings = new ArrayList<>();
    private final List<Long> readingTimesNs = new ArrayList<>();
    private long intervalNs;
    private ScheduledFuture<?> task;

    public HostCpuSampler() {
        this(ProcStat::read, System::nanoTime);
    }

    HostCpuSampler(Supplier<ProcStat> source, LongSupplier clockNs) {
        this.source = source;
        this.clockNs = clockNs;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jloadgen-host-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes the first reading now and schedules one every {@code intervalNs}. */
    public void start(long intervalNs) {
        this.intervalNs = intervalNs;
        take();
        task = timer.scheduleAtFixedRate(this::take, intervalNs, intervalNs, TimeUnit.NANOSECONDS);
    }

    /** Takes one reading now; the timer calls it at every boundary (package-private for tests). */
    void take() {
        ProcStat s = source.get();
        long t = clockNs.getAsLong();
        synchronized (readings) {
            readings.add(s);
            readingTimesNs.add(t);
        }
    }

    /**
     * Ends sampling and returns the host CPU of the last {@code windowNs} (the measured window), starting at
     * the reading closest to its beginning; null when fewer than two readings span it.
     */
    public HostCpuWindow stop(long windowNs) {
        if (task != null) {
            task.cancel(false);
        }
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS); // a reading in progress finishes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (readings) {
            long now = clockNs.getAsLong();
            // a test ends a moment after an interval boundary: a closing reading then would add a sliver of an
            // interval; the boundary reading already ends the window
            if (readings.isEmpty() || now - readingTimesNs.get(readings.size() - 1) >= intervalNs / 2) {
                readings.add(source.get());
                readingTimesNs.add(now);
            }
            int end = readings.size() - 1;
            long wantedStart = readingTimesNs.get(end) - windowNs;
            int start = 0;
            for (int i = 1; i < end; i++) {
                if (Math.abs(readingTimesNs.get(i) - wantedStart) < Math.abs(readingTimesNs.get(start) - wantedStart)) {
                    start = i;
                }
            }
            if (start >= end) {
                return null;
            }
            return HostCpuWindow.of(List.copyOf(readings.subList(start, end + 1)));
        }
    }
}
