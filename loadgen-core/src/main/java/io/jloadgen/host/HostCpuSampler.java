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
 * Reads {@code /proc/stat} at the start of a measured window and at every interval boundary after it, on a
 * schedule fixed against the start (so boundaries do not drift), until {@link #stop()}.
 *
 * <p>Threading: the readings are taken on the sampler's own daemon thread; {@link #stop()} may be called
 * from any one thread, once.
 */
public final class HostCpuSampler {
    private final Supplier<ProcStat> source;
    private final ScheduledExecutorService timer;
    private final LongSupplier clockNs;
    private final List<ProcStat> readings = new ArrayList<>();
    private long lastReadingNs;
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

    /** First reading after {@code delayNs} (the omitted warm-up), then one every {@code intervalNs}. */
    public void start(long delayNs, long intervalNs) {
        this.intervalNs = intervalNs;
        if (delayNs <= 0) {
            take(); // no warm-up: the window starts now, not whenever the timer thread first runs
            task = timer.scheduleAtFixedRate(this::take, intervalNs, intervalNs, TimeUnit.NANOSECONDS);
        } else {
            task = timer.scheduleAtFixedRate(this::take, delayNs, intervalNs, TimeUnit.NANOSECONDS);
        }
    }

    /** Takes one reading now; the timer calls it at every boundary (package-private for tests). */
    void take() {
        ProcStat s = source.get();
        synchronized (readings) {
            readings.add(s);
            lastReadingNs = clockNs.getAsLong();
        }
    }

    /**
     * Takes the closing reading and returns the window, or null when the window never started (the test ended
     * during its warm-up).
     */
    public HostCpuWindow stop() {
        if (task != null) {
            task.cancel(false);
        }
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS); // a reading in progress finishes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcStat> copy;
        synchronized (readings) {
            if (readings.isEmpty()) {
                return null;
            }
            // a test stops a moment after its last interval boundary: a closing reading then would add a
            // sliver of an interval; the boundary reading already ends the window
            if (readings.size() < 2 || clockNs.getAsLong() - lastReadingNs >= intervalNs / 2) {
                readings.add(source.get());
            }
            copy = List.copyOf(readings);
        }
        return HostCpuWindow.of(copy);
    }
}
