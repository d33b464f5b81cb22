package io.jloadgen.cli;

import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.TestResult;
import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.config.LatencyProbeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The client's iperf 2 modes: {@code --iperf2} (plain TCP to {@code iperf -s}), {@code --bounceback}, and the
 * bounceback-based {@code --latency-probe} beside a throughput test.
 */
public final class Iperf2Options {
    @Option(names = "--iperf2", description = "The server is a plain iperf 2 server (iperf -s): send TCP streams, "
            + "no iperf3 control connection; receiver figures are not reported.")
    boolean iperf2;

    @Option(names = "--bounceback", description = "iperf 2.1's bounceback test: -l byte requests (default "
            + BouncebackConfig.DEFAULT_SIZE + ", at least " + BouncebackConfig.MIN_SIZE + ") echoed by the server "
            + "(iperf -s or jloadgen server), round-trip times per interval and at the end.")
    boolean bounceback;

    @Option(names = "--bounceback-period", paramLabel = "MS", defaultValue = "0",
            description = "Milliseconds between requests on a connection; 0 sends back to back (default ${DEFAULT-VALUE}).")
    double periodMs;

    @Option(names = "--bounceback-hold", paramLabel = "MS", defaultValue = "0",
            description = "Milliseconds the server holds each request before echoing it (default ${DEFAULT-VALUE}).")
    double holdMs;

    @Option(names = "--bounceback-no-quickack", description = "Do not ask for TCP_QUICKACK (iperf 2 asks by default).")
    boolean noQuickAck;

    @Option(names = "--busy-poll", paramLabel = "US", defaultValue = "0",
            description = "With --bounceback: poll for up to US microseconds for a reply before sleeping, as the "
                    + "kernel's busy_read does; takes a CPU while polling and leaves the client's own wake-up out of "
                    + "the round trip. 0 sleeps at once, as iperf 2 does (default ${DEFAULT-VALUE}). epoll or nio only.")
    long busyPollUs;

    @Option(names = "--latency-probe", description = "Measure round trips under load: one extra bounceback "
            + "connection (TCP_NODELAY) beside the streams; needs jloadgen server or iperf 2.1+ (not stock iperf3).")
    boolean latencyProbe;

    @Option(names = "--probe-period", paramLabel = "MS", defaultValue = "10",
            description = "Milliseconds between the latency probe's requests (default ${DEFAULT-VALUE}).")
    double probePeriodMs;

    /**
     * Runs the test when one of these modes (or the latency probe) was asked for; returns null otherwise
     * (a plain iperf3 test).
     *
     * @param config the client's settings as its common flags set them
     */
    TestResult runIfAsked(CommandLine.Model.CommandSpec spec, ClientConfig config, boolean json, boolean verbose,
                          PrintStream out) {
        if (busyPollUs != 0 && !bounceback) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--busy-poll goes with --bounceback");
        }
        if (!iperf2 && !bounceback && !latencyProbe) {
            return null;
        }
        if (iperf2 && bounceback) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--iperf2 and --bounceback exclude each other "
                    + "(a bounceback test works against iperf 2 and jloadgen servers alike)");
        }
        if (bounceback && latencyProbe) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--latency-probe goes with a throughput test, "
                    + "not with --bounceback");
        }
        OutputFormat format = json ? OutputFormat.JSON : OutputFormat.TEXT;
        LatencyProbeConfig probe;
        try {
            probe = latencyProbe ? new LatencyProbeConfig(millis(probePeriodMs, "--probe-period")) : null;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (iperf2) {
            if (config.direction() != Direction.FORWARD) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--iperf2: an iperf 2 server only receives; "
                        + "-R and --bidir need an iperf3 or jloadgen server");
            }
            return Client.startIperf2(config, format, out, verbose, probe).join();
        }
        if (!bounceback) {
            return Client.start(config, format, out, verbose, probe).join();
        }
        if (config.direction() != Direction.FORWARD) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bounceback: -R and --bidir do not apply");
        }
        BouncebackConfig bb;
        ClientConfig sized;
        try {
            bb = new BouncebackConfig(millis(periodMs, "--bounceback-period"), millis(holdMs, "--bounceback-hold"),
                    !noQuickAck, Duration.of(busyPollUs, ChronoUnit.MICROS));
            boolean lengthGiven = spec.commandLine().getParseResult().hasMatchedOption("--length");
            sized = lengthGiven ? config : config.toBuilder().blockSize(BouncebackConfig.DEFAULT_SIZE).build();
            BouncebackConfig.checkSize(sized.blockSize());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return Client.startBounceback(sized, bb, format, out).join();
    }

    private static Duration millis(double ms, String option) {
        if (!(ms >= 0) || ms > 3_600_000) {
            throw new IllegalArgumentException(option + ": must be 0 .. 3600000 ms");
        }
        return Duration.ofNanos(Math.round(ms * 1e6));
    }
}
