package io.jloadgen.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One reading of {@code /proc/stat}'s CPU lines: all CPUs together and each CPU by its number.
 *
 * @param all    the {@code cpu} line
 * @param perCpu the {@code cpuN} lines, by N; an offline CPU (no line) is null
 */
public record ProcStat(CpuTimes all, List<CpuTimes> perCpu) {
    static final Path PROC_STAT = Path.of("/proc/stat");

    public ProcStat {
        perCpu = java.util.Collections.unmodifiableList(new ArrayList<>(perCpu));
    }

    /** Reads the system's {@code /proc/stat} now. */
    public static ProcStat read() {
        try {
            return parse(Files.readString(PROC_STAT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_STAT, e);
        }
    }

    /** Parses the text of {@code /proc/stat}; kernels before 2.6.11 lack steal, which then reads as 0. */
    public static ProcStat parse(String text) {
        CpuTimes all = null;
        List<CpuTimes> perCpu = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("cpu")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                throw new IllegalArgumentException("short /proc/stat line: " + line);
            }
            CpuTimes t = new CpuTimes(field(f, 1), field(f, 2), field(f, 3), field(f, 4), field(f, 5), field(f, 6),
                    field(f, 7), field(f, 8));
            if (f[0].equals("cpu")) {
                all = t;
            } else {
                int n = Integer.parseInt(f[0].substring(3));
                while (perCpu.size() <= n) {
                    perCpu.add(null);
                }
                perCpu.set(n, t);
            }
        }
        if (all == null) {
            throw new IllegalArgumentException("no cpu line in /proc/stat");
        }
        return new ProcStat(all, perCpu);
    }

    /** Number of CPUs with a line, i.e. online. */
    public int onlineCpus() {
        return (int) perCpu.stream().filter(java.util.Objects::nonNull).count();
    }

    private static long field(String[] f, int i) {
        return i < f.length ? Long.parseLong(f[i]) : 0;
    }
}
