package io.jloadgen.cli;

import io.jloadgen.api.SelfTest;
import io.jloadgen.api.SelfTestResult;
import io.jloadgen.config.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code jloadgen selftest}: the generator's own loopback ceiling on this machine. */
@Command(name = "selftest", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = JloadgenCommand.VersionProvider.class,
        description = {"Measure the generator's own ceiling: an in-process server and client on 127.0.0.1.",
                "Prints Gbit/s total and per core, system-wide CPU per GB moved, transport and threads used.",
                "Run it on an otherwise idle machine."})
public final class SelfTestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-t", "--duration"}, converter = UnitConverters.Seconds.class, defaultValue = "3s",
            description = "Measured test length (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", converter = UnitConverters.Seconds.class, defaultValue = "2s",
            description = "Warm-up test before it, not counted, so the JIT has compiled the data path; 0 for none (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = {"-P", "--streams"}, defaultValue = "0",
            description = "TCP streams (default: one per core).")
    int streams;

    @Option(names = {"-l", "--length"}, converter = UnitConverters.Bytes.class, defaultValue = "128K",
            description = "Bytes per write (default ${DEFAULT-VALUE}).")
    long length;

    @Option(names = "--transport", converter = UnitConverters.TransportKind.class, defaultValue = "auto",
            description = "auto, epoll, io_uring or nio (default ${DEFAULT-VALUE}: epoll when available).")
    Transport transport;

    @Option(names = "--threads", defaultValue = "0",
            description = "Event-loop threads per side (default: one per core; the client at most one per stream).")
    int threads;

    @Option(names = {"-J", "--json"}, description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        SelfTest.Options options;
        try {
            options = new SelfTest.Options(duration, warmup, streams, transport, threads, Math.toIntExact(length));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SelfTestResult r = SelfTest.run(options);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(r.toJson());
        } else {
            out.printf(Locale.ROOT, "jloadgen selftest: in-process loopback on 127.0.0.1, %.1f s measured after %.1f s warm-up%n",
                    r.durationS(), warmup.toMillis() / 1e3);
            out.printf(Locale.ROOT, "transport    %s, %d stream%s of %d-byte writes, %d client + %d server event-loop threads, %d cores%n",
                    r.transport(), r.streams(), r.streams() == 1 ? "" : "s", r.blockSize(), r.clientThreads(),
                    r.serverThreads(), r.cores());
            out.printf(Locale.ROOT, "throughput   %.2f Gbit/s total, %.2f Gbit/s per core%n", r.throughputGbps(), r.gbpsPerCore());
            if (Double.isFinite(r.hostCpuPct())) {
                out.printf(Locale.ROOT, "host CPU     %.0f%% of one CPU (system-wide, /proc/stat), %.3f CPU-s per GB moved%n",
                        r.hostCpuPct(), r.cpuSecondsPerGb());
            } else {
                out.println("host CPU     unknown (/proc/stat unreadable)");
            }
        }
        out.flush();
        return JloadgenCommand.EXIT_OK;
    }
}
