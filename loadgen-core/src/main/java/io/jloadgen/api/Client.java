package io.jloadgen.api;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.session.ClientOutcome;
import io.jloadgen.session.ClientSession;
import io.jloadgen.session.IntervalReport;
import io.jloadgen.session.JsonReportWriter;
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
        JsonReportWriter document = new JsonReportWriter(format == OutputFormat.JSON ? out : null);
        ReportWriter writer = switch (format) {
            case TEXT -> Tee.of(new TextReportWriter(out, config.title() == null ? "" : config.title() + ":  ", false, verbose),
                    document);
            case JSON_STREAM -> Tee.of(new JsonReportWriter(out, true), document);
            case JSON, NONE -> document;
        };
        NettyTransport transport;
        EventLoopGroup group;
        ClientSession session;
        try {
            transport = NettyTransport.resolve(config.transport());
            group = transport.newGroup(config.dataThreads(Runtime.getRuntime().availableProcessors()), "jloadgen-client");
        } catch (RuntimeException e) {
            writer.error(e.getMessage());
            return CompletableFuture.completedFuture(failed(config, e.getMessage(), config.transport().label(), document));
        }
        try {
            session = new ClientSession(config, transport, group, writer);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            writer.error(e.getMessage());
            return CompletableFuture.completedFuture(failed(config, e.getMessage(), transport.kind().label(), document));
        }
        return session.run().thenApply(outcome -> toResult(config, outcome, document)).whenComplete((r, t) ->
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS));
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
                document.document().toPrettyString());
    }

    private static IntervalSample sample(IntervalReport r) {
        long[] bytes = r.streams().stream().mapToLong(StreamInterval::bytes).toArray();
        return new IntervalSample(r.sum().startS(), r.sum().endS(), bytes, r.sum().omitted());
    }
}
