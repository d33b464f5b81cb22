package io.jloadgen.api;

import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.LatencyProbeConfig;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.session.BouncebackClient;
import io.jloadgen.session.BouncebackReport;
import io.jloadgen.session.ClientOutcome;
import io.jloadgen.session.ClientSession;
import io.jloadgen.session.IntervalReport;
import io.jloadgen.session.Iperf2ClientSession;
import io.jloadgen.session.JsonReportWriter;
import io.jloadgen.session.LatencyProbe;
import io.jloadgen.session.ProbeReportWriter;
import io.jloadgen.session.ReportWriter;
import io.jloadgen.session.StreamInterval;
import io.jloadgen.session.Tee;
import io.jloadgen.session.TestSummary;
import io.jloadgen.session.TextReportWriter;
import io.jloadgen.stats.IntervalSample;
import io.netty.channel.EventLoopGroup;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs client tests against an iperf3-protocol server: the one entry for the CLI, the matrix and embedders. */
public final class Client {
    private Client() {
    }

    /** Runs one test to its end and returns what it measured; a failed test returns ok=false with the reason. */
    public static TestResult run(ClientConfig config, OutputFormat format, PrintStream out) {
        return start(config, format, out).join();
    }

    /** Starts one test and completes when it has ended (never exceptionally: failures are in the result). */
    public static CompletableFuture<TestResult> start(ClientConfig config, OutputFormat format, PrintStream out) {
        return start(config, format, out, false);
    }

    /**
     * As {@link #start(ClientConfig, OutputFormat, PrintStream)}; {@code verbose} adds iperf3's {@code -V}
     * details (transport, cookie, test settings, CPU) to text output.
     */
    public static CompletableFuture<TestResult> start(ClientConfig config, OutputFormat format, PrintStream out,
                                                      boolean verbose) {
        return start(config, format, out, verbose, null);
    }

    /**
     * As {@link #start(ClientConfig, OutputFormat, PrintStream, boolean)}, with a latency probe beside the
     * streams ({@code --latency-probe}; null for none): its round trips go to {@code intervals[i].latency_probe}
     * and {@code end.latency_probe}. The probe is opened first; a server that does not echo it (a stock iperf3
     * server) fails the test with a message saying the probe needs jloadgen server or iperf 2.1+.
     */
    public static CompletableFuture<TestResult> start(ClientConfig config, OutputFormat format, PrintStream out,
                                                      boolean verbose, LatencyProbeConfig probe) {
        return startWith(config, format, out, verbose, probe,
                (c, t, g, w) -> new ClientSession(c, t, g, w)::run);
    }

    /**
     * Starts a throughput test against a plain iperf 2 server ({@code iperf -s}, {@code --iperf2}): the
     * client sends on {@code config.streams()} connections; the server reports nothing back, so the result's
     * {@link TestResult#bytesReceived()} is -1 and the output marks receiver figures as not reported.
     * {@code probe} adds a latency probe (iperf 2.1+ servers answer it), null for none.
     */
    public static CompletableFuture<TestResult> startIperf2(ClientConfig config, OutputFormat format, PrintStream out,
                                                            boolean verbose, LatencyProbeConfig probe) {
        return startWith(config, format, out, verbose, probe,
                (c, t, g, w) -> new Iperf2ClientSession(c, t, g, w)::run);
    }

    /** As {@link #startIperf2(ClientConfig, OutputFormat, PrintStream, boolean, LatencyProbeConfig)} without a probe. */
    public static CompletableFuture<TestResult> startIperf2(ClientConfig config, OutputFormat format, PrintStream out,
                                                            boolean verbose) {
        return startIperf2(config, format, out, verbose, null);
    }

    /** Builds a throughput session (may throw on bad settings) and returns how to run it. */
    private interface SessionFactory {
        Supplier<CompletableFuture<ClientOutcome>> create(ClientConfig config, NettyTransport transport,
                                                          EventLoopGroup group, ReportWriter writer);
    }

    private static CompletableFuture<TestResult> startWith(ClientConfig config, OutputFormat format, PrintStream out,
                                                           boolean verbose, LatencyProbeConfig probeConfig,
                                                           SessionFactory factory) {
        JsonReportWriter document = new JsonReportWriter(format == OutputFormat.JSON ? out : null);
        document.annotate(config.title(), config.extraData());
        ReportWriter writer = switch (format) {
            case TEXT -> Tee.of(new TextReportWriter(out, config.title() == null ? "" : config.title() + ":  ", false, verbose,
                    config.rateFormat()),
                    document);
            case JSON_STREAM -> Tee.of(new JsonReportWriter(out, true), document);
            case JSON, NONE -> document;
        };
        NettyTransport transport;
        EventLoopGroup group;
        try {
            transport = NettyTransport.resolve(config.transport());
            group = transport.newGroup(config.dataThreads(Runtime.getRuntime().availableProcessors()), "jloadgen-client");
        } catch (RuntimeException e) {
            writer.error(e.getMessage());
            return CompletableFuture.completedFuture(failed(config, e.getMessage(), config.transport().label(), document));
        }
        // The probe gets its own event loop, so its round trips do not queue behind our own bulk writes.
        EventLoopGroup probeGroup = probeConfig == null ? null : transport.newGroup(1, "jloadgen-probe");
        LatencyProbe probe = probeConfig == null ? null : new LatencyProbe(config, probeConfig, transport, probeGroup);
        if (probe != null) {
            writer = new ProbeReportWriter(writer, document, format == OutputFormat.TEXT ? out : null, probe);
        }
        Supplier<CompletableFuture<ClientOutcome>> session;
        try {
            session = factory.create(config, transport, group, writer);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (probeGroup != null) {
                probeGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
            writer.error(e.getMessage());
            return CompletableFuture.completedFuture(failed(config, e.getMessage(), transport.kind().label(), document));
        }
        ReportWriter w = writer;
        CompletableFuture<String> opened = probe == null ? CompletableFuture.completedFuture(null) : probe.open();
        return opened.thenCompose(probeError -> {
            if (probeError != null) {
                w.error(probeError);
                return CompletableFuture.completedFuture(failed(config, probeError, transport.kind().label(), document));
            }
            return session.get().thenApply(outcome -> toResult(config, outcome, document));
        }).whenComplete((r, t) -> {
            if (probe != null) {
                probe.close();
                probeGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        });
    }

    /**
     * Starts iperf 2.1's bounceback test ({@code --bounceback}) against {@code iperf -s} or
     * {@code jloadgen server}: {@code config.blockSize()} is the request size, {@code config.streams()} the
     * connections. The result's JSON carries {@code intervals[i].bounceback} and {@code end.bounceback};
     * its byte counts are the request bytes sent and echoed.
     */
    public static CompletableFuture<TestResult> startBounceback(ClientConfig config, BouncebackConfig bounceback,
                                                                OutputFormat format, PrintStream out) {
        BouncebackReport report = new BouncebackReport(format == OutputFormat.TEXT ? out : null,
                format == OutputFormat.JSON ? out : null);
        NettyTransport transport;
        EventLoopGroup group;
        try {
            transport = NettyTransport.resolve(config.transport());
            group = transport.newGroup(config.dataThreads(Runtime.getRuntime().availableProcessors()), "jloadgen-client",
                    bounceback.busyPoll().toNanos());
        } catch (RuntimeException e) {
            report.error(e.getMessage());
            return CompletableFuture.completedFuture(bouncebackResult(config, config.transport().label(),
                    new BouncebackClient.Outcome(e.getMessage(), null, 0, 0), report));
        }
        BouncebackClient client;
        try {
            client = new BouncebackClient(config, bounceback, transport, group, report);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            report.error(e.getMessage());
            return CompletableFuture.completedFuture(bouncebackResult(config, transport.kind().label(),
                    new BouncebackClient.Outcome(e.getMessage(), null, 0, 0), report));
        }
        String label = transport.kind().label();
        return client.run().thenApply(outcome -> bouncebackResult(config, label, outcome, report)).whenComplete((r, t) ->
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS));
    }

    private static TestResult bouncebackResult(ClientConfig config, String transport, BouncebackClient.Outcome outcome,
                                               BouncebackReport report) {
        long bytes = outcome.total() == null ? 0 : outcome.total().count() * config.blockSize();
        return new TestResult(outcome.ok(), outcome.error(), config.direction(), config.streams(), transport,
                config.omit().toMillis() / 1e3, outcome.seconds(), bytes, bytes, null, List.of(), CpuUsage.UNKNOWN, CpuUsage.UNKNOWN,
                report.document().toPrettyString());
    }

    private static TestResult failed(ClientConfig config, String error, String transport, JsonReportWriter document) {
        return new TestResult(false, error, config.direction(), config.streams(), transport, config.omit().toMillis() / 1e3,
                0, 0, 0, null, List.of(), CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, document.document().toPrettyString());
    }

    private static TestResult toResult(ClientConfig config, ClientOutcome outcome, JsonReportWriter document) {
        List<IntervalSample> samples = outcome.intervals().stream().map(Client::sample).toList();
        TestSummary s = outcome.summary();
        if (!outcome.ok() || s == null) {
            return new TestResult(false, outcome.error(), config.direction(), config.streams(), outcome.transport(),
                    config.omit().toMillis() / 1e3, outcome.windowSeconds(), 0, 0, null, samples, CpuUsage.UNKNOWN,
                    CpuUsage.UNKNOWN, document.document().toPrettyString());
        }
        if (s.bidirectional()) {
            s = s.part(true); // the result's totals are client to server; the JSON document has both directions
        }
        long retransmits = s.retransmits();
        return new TestResult(true, null, config.direction(), config.streams(), outcome.transport(),
                config.omit().toMillis() / 1e3, outcome.windowSeconds(), s.sentBytes(), s.receivedBytes(),
                retransmits < 0 ? null : retransmits, samples, s.localCpu(), s.remoteCpu(),
                document.document().toPrettyString(), s.receivedSeconds() > 0 ? s.receivedSeconds() : outcome.windowSeconds());
    }

    private static IntervalSample sample(IntervalReport r) {
        long[] bytes = r.streams().stream().mapToLong(StreamInterval::bytes).toArray();
        return new IntervalSample(r.sum().startS(), r.sum().endS(), bytes, r.sum().omitted());
    }
}
