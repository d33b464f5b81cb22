package io.jloadgen.session;

import io.jloadgen.config.BouncebackConfig;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jloadgen.protocol.JsonCodec;
import io.jloadgen.stats.LatencySummary;
import io.jloadgen.util.Version;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The output of a bounceback test: text lines per interval and at the end (transactions, transactions per
 * second, round-trip min/mean/p50/p90/p99/p99.9/max in microseconds), and the {@code -J} document with
 * {@code intervals[i].bounceback} and {@code end.bounceback} (the latter with the whole run's histogram in
 * HdrHistogram's compressed base64 form). The document is always built (for the API's result) and printed
 * only when asked.
 *
 * <p>Threading: one thread at a time (the session's event loop).
 */
public final class BouncebackReport {
    private static final String SEPARATOR = "- - - - - - - - - - - - - - - - - - - - - - - - -";
    private static final String HEADER =
            "[ ID] Interval           Trans    Trans/s  RTT(us)  min      mean       p50       p90       p99     p99.9       max";

    private final PrintStream text;
    private final PrintStream json;
    private final ObjectNode root = JsonCodec.newObject();
    private final ObjectNode start = root.putObject("start");
    private final ArrayNode intervals = root.putArray("intervals");
    private final ObjectNode end = root.putObject("end");
    private boolean headerPrinted;
    private boolean printed;

    /**
     * @param text where text lines go, null for none
     * @param json where the {@code -J} document goes, null for none
     */
    public BouncebackReport(PrintStream text, PrintStream json) {
        this.text = text;
        this.json = json;
    }

    /** The {@code -J} document as built so far. */
    public ObjectNode document() {
        return root;
    }

    /** The test is about to start. */
    public void start(String host, int port, List<StartInfo.Connection> connections, int sizeBytes,
                      BouncebackConfig bounceback, int durationS, int omitS, String transport) {
        double periodMs = bounceback.period().toNanos() / 1e6;
        double holdMs = bounceback.hold().toNanos() / 1e6;
        long busyPollUs = bounceback.busyPoll().toNanos() / 1000;
        ArrayNode connected = start.putArray("connected");
        StringBuilder b = new StringBuilder();
        b.append("Connecting to host ").append(host).append(", port ").append(port).append('\n');
        b.append(String.format(Locale.ROOT, "Bounceback test: %d connection%s, %d-byte requests, period %s, hold %s ms%s%s%s%n",
                connections.size(), connections.size() == 1 ? "" : "s", sizeBytes,
                periodMs == 0 ? "0 ms (back to back)" : fmt(periodMs) + " ms", fmt(holdMs),
                bounceback.quickAck() ? ", quickack" : "", busyPollUs > 0 ? ", busy-poll " + busyPollUs + " us" : "",
                omitS > 0 ? ", first " + omitS + " s omitted" : ""));
        for (StartInfo.Connection c : connections) {
            c.addTo(connected);
            b.append(c.textLine()).append('\n');
        }
        start.put("version", "jloadgen " + Version.get());
        ObjectNode ts = start.putObject("timestamp");
        ts.put("timesecs", System.currentTimeMillis() / 1000);
        ObjectNode to = start.putObject("connecting_to");
        to.put("host", host);
        to.put("port", port);
        ObjectNode t = start.putObject("test_start");
        t.put("protocol", "TCP");
        t.put("mode", "bounceback");
        t.put("num_streams", connections.size());
        t.put("blksize", sizeBytes);
        t.put("duration", durationS);
        t.put("omit", omitS);
        t.put("bounceback_period_ms", periodMs);
        t.put("bounceback_hold_ms", holdMs);
        t.put("bounceback_quickack", bounceback.quickAck());
        t.put("busy_poll_us", busyPollUs);
        start.putObject("jloadgen").put("transport", transport);
        print(b);
    }

    /** One reporting interval, times in seconds from the start. */
    public void interval(double startS, double endS, LatencySummary s) {
        ObjectNode o = intervals.addObject().putObject("bounceback");
        o.put("start", startS);
        o.put("end", endS);
        o.put("seconds", endS - startS);
        put(o, s);
        StringBuilder b = new StringBuilder();
        if (!headerPrinted) {
            b.append(HEADER).append('\n');
            headerPrinted = true;
        }
        b.append(line(startS, endS, s)).append('\n');
        print(b);
    }

    /** The whole run. */
    public void end(double seconds, LatencySummary s, String hdrBase64) {
        ObjectNode o = end.putObject("bounceback");
        o.put("start", 0.0);
        o.put("end", seconds);
        o.put("seconds", seconds);
        put(o, s);
        o.put("hdr_histogram", hdrBase64);
        StringBuilder b = new StringBuilder();
        b.append(SEPARATOR).append('\n').append(HEADER).append('\n');
        b.append(line(0, seconds, s)).append(String.format(Locale.ROOT, "  (%d measured, %d after correction)%n",
                s.count(), s.correctedCount()));
        b.append('\n').append("iperf Done.").append('\n');
        print(b);
        printJson();
    }

    /** The test failed. */
    public void error(String message) {
        if (text != null) {
            synchronized (text) {
                text.println("iperf3: error - " + message);
                text.flush();
            }
        }
        root.put("error", message);
        printJson();
    }

    /** The fields of {@code intervals[i].bounceback} and {@code end.bounceback}. */
    static void put(ObjectNode o, LatencySummary s) {
        o.put("count", s.count());
        o.put("corrected_count", s.correctedCount());
        o.put("transactions_per_second", s.transactionsPerSecond());
        ObjectNode rtt = o.putObject("rtt_us");
        rtt.put("min", s.minUs());
        rtt.put("mean", s.meanUs());
        rtt.put("stdev", s.stdevUs());
        rtt.put("p50", s.p50Us());
        rtt.put("p90", s.p90Us());
        rtt.put("p99", s.p99Us());
        rtt.put("p99_9", s.p99_9Us());
        rtt.put("max", s.maxUs());
    }

    private static String line(double startS, double endS, LatencySummary s) {
        return String.format(Locale.ROOT, "[SUM] %6.2f-%-6.2f sec %8d %10.1f %13.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f",
                startS, endS, s.count(), s.transactionsPerSecond(), s.minUs(), s.meanUs(), s.p50Us(), s.p90Us(),
                s.p99Us(), s.p99_9Us(), s.maxUs());
    }

    private static String fmt(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.format(Locale.ROOT, "%.3f", ms);
    }

    private void print(StringBuilder b) {
        if (text == null) {
            return;
        }
        synchronized (text) {
            text.print(b);
            text.flush();
        }
    }

    private void printJson() {
        if (json == null || printed) {
            return;
        }
        printed = true;
        synchronized (json) {
            json.println(root.toPrettyString());
            json.flush();
        }
    }
}
