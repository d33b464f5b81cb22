package io.jloadgen.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * CPU of the threads whose names match glob patterns ({@code [host] threads = ["vif*", "ksoftirqd/*"]}), kernel
 * threads included: every {@code /proc/<pid>/task/<tid>}, its name from {@code comm}, its CPU from {@code stat}
 * (utime + stime in clock ticks of 1/100 s, Linux's USER_HZ).
 *
 * <p>As {@link HostCpuSampler}: a reading when the test is launched and at every interval boundary after it;
 * {@link #stop(long)} keeps the last {@code windowNs} before the end (the measured window) and returns each
 * pattern's CPU over it in % of one CPU. A thread is keyed by tid and start time, so a reused tid is a new
 * thread; a thread born inside the window counts from zero; one that ended inside it is lost (its ticks go
 * with it), which undercounts short-lived threads only.
 *
 * <p>Threading: readings are taken on the sampler's own daemon thread; {@link #stop(long)} may be called from
 * any one thread, once.
 */
public final class ThreadCpuSampler {
    private static final double TICK_S = 1.0 / 100;
    private static final Path PROC = Path.of("/proc");

    private final List<String> globs;
    private final List<Pattern> patterns;
    private final ScheduledExecutorService timer;
    private final List<Reading> readings = new ArrayList<>();
    private long intervalNs;
    private ScheduledFuture<?> task;

    /** One scan: per pattern (in pattern order), ticks per thread (tid:starttime). */
    public record Reading(long timeNs, List<Map<String, Long>> ticks) {
    }

    public ThreadCpuSampler(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(ThreadCpuSampler::compile).toList();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jloadgen-thread-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    /** A glob over a thread name: {@code *} any run of characters, {@code ?} one, everything else literal. */
    public static Pattern compile(String glob) {
        StringBuilder b = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    b.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                b.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            b.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(b.toString(), Pattern.DOTALL);
    }

    /** Takes the first reading now and schedules one every {@code intervalNs}. */
    public void start(long intervalNs) {
        this.intervalNs = intervalNs;
        take();
        task = timer.scheduleAtFixedRate(this::take, intervalNs, intervalNs, TimeUnit.NANOSECONDS);
    }

    private void take() {
        Reading r = read();
        synchronized (readings) {
            readings.add(r);
        }
    }

    /**
     * Ends sampling and returns each pattern's CPU over the last {@code windowNs}, % of one CPU, in pattern
     * order; null when fewer than two readings span it.
     */
    public Map<String, Double> stop(long windowNs) {
        if (task != null) {
            task.cancel(false);
        }
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (readings) {
            long now = System.nanoTime();
            // as HostCpuSampler: a boundary reading just before the end already closes the window
            if (readings.isEmpty() || now - readings.get(readings.size() - 1).timeNs() >= intervalNs / 2) {
                readings.add(read());
            }
            if (readings.size() < 2) {
                return null;
            }
            Reading last = readings.get(readings.size() - 1);
            long wantedStart = last.timeNs() - windowNs;
            Reading first = readings.get(0);
            for (Reading r : readings) {
                if (Math.abs(r.timeNs() - wantedStart) < Math.abs(first.timeNs() - wantedStart)) {
                    first = r;
                }
            }
            if (first == last) {
                return null;
            }
            return between(first, last);
        }
    }

    /** Scans every thread of the system now. */
    public Reading read() {
        List<Map<String, Long>> ticks = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            ticks.add(new HashMap<>());
        }
        long t = System.nanoTime();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, ThreadCpuSampler::isNumeric)) {
            for (Path pid : pids) {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(pid.resolve("task"))) {
                    for (Path task : tasks) {
                        scanTask(task, ticks);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked, or is not ours to read: skip it
                }
            }
        } catch (IOException e) {
            // no /proc: nothing matches
        }
        return new Reading(t, ticks);
    }

    private void scanTask(Path task, List<Map<String, Long>> ticks) {
        String comm;
        try {
            comm = Files.readString(task.resolve("comm")).strip();
        } catch (IOException | RuntimeException e) {
            return;
        }
        String stat = null;
        for (int i = 0; i < patterns.size(); i++) {
            if (!patterns.get(i).matcher(comm).matches()) {
                continue;
            }
            if (stat == null) {
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException | RuntimeException e) {
                    return;
                }
            }
            // the name (field 2) may hold spaces and parentheses: fields after its last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            String key = task.getFileName() + ":" + f[19]; // starttime, field 22
            ticks.get(i).put(key, utime + stime);
        }
    }

    /** Each pattern's CPU between two readings, % of one CPU, keyed by the glob in pattern order. */
    public Map<String, Double> between(Reading from, Reading to) {
        double wallS = (to.timeNs() - from.timeNs()) / 1e9;
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < globs.size(); i++) {
            Map<String, Long> before = from.ticks().get(i);
            long sum = 0;
            for (Map.Entry<String, Long> e : to.ticks().get(i).entrySet()) {
                sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
            }
            out.put(globs.get(i), wallS <= 0 ? 0.0 : Math.round(sum * TICK_S / wallS * 100 * 1000) / 1000.0);
        }
        return out;
    }

    private static boolean isNumeric(Path p) {
        String n = p.getFileName().toString();
        if (n.isEmpty()) {
            return false;
        }
        for (int i = 0; i < n.length(); i++) {
            if (!Character.isDigit(n.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
