package io.jloadgen.api;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.host.CpuTimes;
import io.jloadgen.host.ProcStat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Measures the generator's own ceiling on this machine: a {@link Server} on 127.0.0.1 and a {@link Client}
 * against it in this JVM, with the default settings a campaign uses, first for a short warm-up (JIT, pools),
 * then for the measured run, around which system-wide CPU is read from /proc/stat. The CPU window spans the
 * whole measured test, connection set-up and result exchange included (a few milliseconds against seconds).
 */
public final class SelfTest {
    /**
     * What to run.
     *
     * @param duration  measured test length
     * @param warmup    warm-up test length before it, zero for none
     * @param streams   TCP streams, 0 for one per core
     * @param transport Netty transport for both sides
     * @param threads   event-loop threads per side, 0 for the defaults (one per core; the client caps at streams)
     * @param blockSize bytes per write
     */
    public record Options(Duration duration, Duration warmup, int streams, Transport transport, int threads,
                          int blockSize) {
        public Options {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--duration: must be positive");
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("--warmup: must not be negative");
            }
            if (streams < 0 || streams > ClientConfig.MAX_STREAMS) {
                throw new IllegalArgumentException("--streams: must be 1.." + ClientConfig.MAX_STREAMS + ", not " + streams);
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(3), Duration.ofSeconds(2), 0, Transport.AUTO, 0,
                    ClientConfig.DEFAULT_TCP_BLOCK);
        }
    }

    private SelfTest() {
    }

    /** Runs the self-test; throws IllegalStateException with the client's reason when a test fails. */
    public static SelfTestResult run(Options options) {
        int cores = Runtime.getRuntime().availableProcessors();
        int streams = options.streams() > 0 ? options.streams() : cores;
        ServerConfig serverConfig = new ServerConfig("127.0.0.1", 0, false, options.transport(), options.threads(),
                Duration.ofSeconds(10), 4);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Server server = Server.start(serverConfig, quiet)) {
            ClientConfig.Builder client = ClientConfig.builder("127.0.0.1").port(server.port()).streams(streams)
                    .interval(Duration.ZERO).transport(options.transport()).threads(options.threads())
                    .blockSize(options.blockSize());
            if (!options.warmup().isZero()) {
                check(Client.run(client.duration(options.warmup()).build(), OutputFormat.NONE, quiet), "warm-up");
            }
            ClientConfig measured = client.duration(options.duration()).build();
            ProcStat before = readProcStat();
            TestResult result = check(Client.run(measured, OutputFormat.NONE, quiet), "measured test");
            ProcStat after = readProcStat();
            double cpuSeconds = Double.NaN;
            double cpuPct = Double.NaN;
            if (before != null && after != null) {
                CpuTimes spent = after.all().minus(before.all());
                cpuSeconds = spent.busy() / USER_HZ;
                cpuPct = spent.total() > 0 ? 100.0 * spent.busy() / spent.total() * cores : Double.NaN;
            }
            return new SelfTestResult(result.transport(), cores, streams, options.blockSize(),
                    measured.dataThreads(cores), serverConfig.eventLoopThreads(cores), result.receiverS(),
                    result.bytesReceived(), result.receiverGbps(), cpuSeconds, cpuPct);
        }
    }

    /** /proc/stat ticks per second (Linux's USER_HZ). */
    private static final double USER_HZ = 100;

    /** System-wide CPU now, or null where /proc/stat cannot be read (not Linux). */
    private static ProcStat readProcStat() {
        try {
            return ProcStat.read();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static TestResult check(TestResult result, String what) {
        if (!result.ok()) {
            throw new IllegalStateException("selftest " + what + " failed: " + result.error());
        }
        return result;
    }
}
