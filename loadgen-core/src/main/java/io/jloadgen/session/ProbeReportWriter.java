package io.jloadgen.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jloadgen.stats.LatencySummary;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Adds a latency probe's round trips to a throughput test's output: {@code intervals[i].latency_probe} and
 * {@code end.latency_probe} in the {@code -J} document (same shape as {@code bounceback}), and a
 * {@code [PRB]} line after each interval's lines in text. Omitted (warm-up) intervals get none: the
 * probe's window is the test's measured window.
 *
 * <p>Threading: called by the test's reporting thread, one event at a time, as any {@link ReportWriter}.
 */
public final class ProbeReportWriter implements ReportWriter {
    private final ReportWriter delegate;
    private final JsonReportWriter document;
    private final PrintStream text;
    private final LatencyProbe probe;
    private long windowStartNs;
    private double lastEndS;

    /**
     * @param delegate the test's own writer (text and/or JSON)
     * @param document the JSON document the delegate builds (the probe's fields are added to it)
     * @param text     where the text lines go, null for none
     */
    public ProbeReportWriter(ReportWriter delegate, JsonReportWriter document, PrintStream text, LatencyProbe probe) {
        this.delegate = delegate;
        this.document = document;
        this.text = text;
        this.probe = probe;
    }

    @Override
    public void start(StartInfo info) {
        delegate.start(info);
        probe.reset();
        windowStartNs = System.nanoTime();
    }

    @Override
    public void interval(IntervalReport report) {
        delegate.interval(report);
        if (report.sum().omitted()) {
            probe.reset();
            windowStartNs = System.nanoTime();
            return;
        }
        LatencySummary s = probe.interval(report.sum().seconds());
        JsonNode intervals = document.document().path("intervals");
        if (intervals.size() > 0) {
            ObjectNode o = ((ObjectNode) intervals.get(intervals.size() - 1)).putObject("latency_probe");
            o.put("start", report.sum().startS());
            o.put("end", report.sum().endS());
            o.put("seconds", report.sum().seconds());
            BouncebackReport.put(o, s);
        }
        lastEndS = report.sum().endS();
        print(line(report.sum().startS(), report.sum().endS(), s));
    }

    @Override
    public void end(TestSummary summary) {
        // the measured window ends with the last interval (the streams' stop); without intervals, at the summary
        boolean intervalsCut = lastEndS > 0;
        double seconds = intervalsCut ? lastEndS : (System.nanoTime() - windowStartNs) / 1e9;
        LatencySummary total = probe.finish(seconds, !intervalsCut);
        ObjectNode o = ((ObjectNode) document.document().path("end")).putObject("latency_probe");
        o.put("start", 0.0);
        o.put("end", seconds);
        o.put("seconds", seconds);
        BouncebackReport.put(o, total);
        o.put("hdr_histogram", probe.histogramBase64());
        String failure = probe.failure();
        if (failure != null) {
            o.put("error", failure);
        }
        print(line(0, seconds, total) + "  (latency probe, measured window)");
        delegate.end(summary);
    }

    @Override
    public void error(String message) {
        probe.close();
        delegate.error(message);
    }

    private static String line(double startS, double endS, LatencySummary s) {
        return String.format(Locale.ROOT, "[PRB] %6.2f-%-6.2f sec  %d round trips, RTT(us) min %.1f mean %.1f p50 %.1f "
                        + "p90 %.1f p99 %.1f p99.9 %.1f max %.1f", startS, endS, s.count(), s.minUs(), s.meanUs(),
                s.p50Us(), s.p90Us(), s.p99Us(), s.p99_9Us(), s.maxUs());
    }

    private void print(String line) {
        if (text == null) {
            return;
        }
        synchronized (text) {
            text.println(line);
            text.flush();
        }
    }
}
