package io.jloadgen.session;

import io.jloadgen.util.Units;

import java.io.PrintStream;
import java.util.Locale;

/**
 * iperf3's human-readable output: connection lines, a line per stream per interval, {@code [SUM]} lines
 * with several streams, and the sender/receiver summary. Lines of one event are printed as one block, so
 * the output of concurrent tests on a server does not interleave mid-block.
 */
public final class TextReportWriter implements ReportWriter {
    private static final String SEPARATOR = "- - - - - - - - - - - - - - - - - - - - - - - - -";

    private final PrintStream out;
    private final String prefix;
    private final boolean serverSide;
    private final boolean verbose;
    private boolean headerPrinted;
    private boolean multiStream;

    /**
     * @param prefix     printed before every line (iperf3's {@code -T} title, or a test tag on the server)
     * @param serverSide whether this is the server's view (changes the start lines)
     * @param verbose    print CPU utilisation like iperf3's {@code -V}
     */
    public TextReportWriter(PrintStream out, String prefix, boolean serverSide, boolean verbose) {
        this.out = out;
        this.prefix = prefix == null ? "" : prefix;
        this.serverSide = serverSide;
        this.verbose = verbose;
    }

    @Override
    public void start(StartInfo info) {
        StringBuilder b = new StringBuilder();
        if (!serverSide) {
            line(b, "Connecting to host " + info.host() + ", port " + info.port());
            if (info.reverse()) {
                line(b, "Reverse mode, remote host " + info.host() + " is sending");
            }
        }
        if (verbose) {
            line(b, "Transport: " + info.transport() + ", cookie " + info.cookie());
        }
        for (StartInfo.Connection c : info.connections()) {
            line(b, String.format(Locale.ROOT, "[%3d] local %s port %d connected to %s port %d", c.id(),
                    c.local().getAddress().getHostAddress(), c.local().getPort(),
                    c.remote().getAddress().getHostAddress(), c.remote().getPort()));
        }
        if (verbose) {
            line(b, String.format(Locale.ROOT, "Starting Test: protocol: %s, %d streams, %d byte blocks, omitting %d seconds, %s",
                    info.protocol(), info.parallel(), info.blockSize(), info.omitS(),
                    info.bytes() > 0 ? info.bytes() + " bytes to send" : info.blocks() > 0
                            ? info.blocks() + " blocks to send" : info.durationS() + " second test"));
        }
        multiStream = info.connections().size() > 1;
        print(b);
    }

    @Override
    public void interval(IntervalReport report) {
        StringBuilder b = new StringBuilder();
        boolean retr = report.sum().sender() && report.sum().retransmits() >= 0;
        if (!headerPrinted) {
            line(b, retr ? "[ ID] Interval           Transfer     Bitrate         Retr  Cwnd"
                    : "[ ID] Interval           Transfer     Bitrate");
            headerPrinted = true;
        } else if (multiStream) {
            line(b, SEPARATOR); // as iperf3: between interval blocks, not after the last one
        }
        for (StreamInterval s : report.streams()) {
            line(b, intervalLine(id(s.id()), s, retr, true));
        }
        if (multiStream) {
            line(b, intervalLine("SUM", report.sum(), retr, false));
        }
        print(b);
    }

    private static String intervalLine(String id, StreamInterval s, boolean retr, boolean withCwnd) {
        String line = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, s.startS(), s.endS(),
                pad(Units.formatBytes(s.bytes()), 11), pad(Units.formatBitsPerSecond(s.bitsPerSecond()), 15));
        if (retr) {
            line += String.format(Locale.ROOT, " %4d", Math.max(0, s.retransmits()));
            if (withCwnd && s.sndCwnd() >= 0) {
                line += "   " + Units.formatBytes(s.sndCwnd());
            }
        }
        return s.omitted() ? line + "  (omitted)" : line;
    }

    @Override
    public void end(TestSummary summary) {
        StringBuilder b = new StringBuilder();
        line(b, SEPARATOR);
        boolean retr = summary.retransmits() >= 0;
        line(b, retr ? "[ ID] Interval           Transfer     Bitrate         Retr"
                : "[ ID] Interval           Transfer     Bitrate");
        for (StreamSummary s : summary.streams()) {
            endLines(b, id(s.id()), s.sentBytes(), s.sentSeconds(), s.receivedBytes(), s.receivedSeconds(),
                    s.retransmits(), retr);
        }
        if (summary.streams().size() > 1) {
            endLines(b, "SUM", summary.sentBytes(), summary.sentSeconds(), summary.receivedBytes(),
                    summary.receivedSeconds(), summary.retransmits(), retr);
        }
        if (verbose) {
            boolean sends = summary.localSends();
            line(b, String.format(Locale.ROOT, "CPU Utilization: local/%s %.1f%% (%.1f%%u/%.1f%%s), remote/%s %.1f%% (%.1f%%u/%.1f%%s)",
                    sends ? "sender" : "receiver", summary.localCpu().totalPct(), summary.localCpu().userPct(),
                    summary.localCpu().systemPct(), sends ? "receiver" : "sender", summary.remoteCpu().totalPct(),
                    summary.remoteCpu().userPct(), summary.remoteCpu().systemPct()));
        }
        if (!serverSide) {
            b.append('\n');
            line(b, "iperf Done.");
        }
        print(b);
    }

    private void endLines(StringBuilder b, String id, long sent, double sentS, long received, double receivedS,
                          long retransmits, boolean retr) {
        if (sent < 0 || received < 0) { // an iperf 2 peer reports nothing back
            unreportedEndLines(b, id, sent, sentS, received, receivedS, retransmits, retr);
            return;
        }
        String sender = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, 0.0, sentS,
                pad(Units.formatBytes(sent), 11), pad(Units.formatBitsPerSecond(sentS > 0 ? sent * 8 / sentS : 0), 15));
        if (retr) {
            sender += String.format(Locale.ROOT, " %4d", Math.max(0, retransmits));
        }
        line(b, pad(sender, retr ? 66 : 61) + "sender");
        String receiver = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, 0.0, receivedS,
                pad(Units.formatBytes(received), 11),
                pad(Units.formatBitsPerSecond(receivedS > 0 ? received * 8 / receivedS : 0), 15));
        line(b, pad(receiver, retr ? 66 : 61) + "receiver");
    }

    private void unreportedEndLines(StringBuilder b, String id, long sent, double sentS, long received,
                                    double receivedS, long retransmits, boolean retr) {
        String notReported = String.format(Locale.ROOT, "[%s]   %-44s", id, "(not reported by the iperf 2 peer)");
        if (sent < 0) {
            line(b, pad(notReported, retr ? 66 : 61) + "sender");
        } else {
            String sender = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, 0.0, sentS,
                    pad(Units.formatBytes(sent), 11), pad(Units.formatBitsPerSecond(sentS > 0 ? sent * 8 / sentS : 0), 15));
            if (retr) {
                sender += String.format(Locale.ROOT, " %4d", Math.max(0, retransmits));
            }
            line(b, pad(sender, retr ? 66 : 61) + "sender");
        }
        if (received < 0) {
            line(b, pad(notReported, retr ? 66 : 61) + "receiver");
        } else {
            String receiver = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, 0.0, receivedS,
                    pad(Units.formatBytes(received), 11),
                    pad(Units.formatBitsPerSecond(receivedS > 0 ? received * 8 / receivedS : 0), 15));
            line(b, pad(receiver, retr ? 66 : 61) + "receiver");
        }
    }

    @Override
    public void error(String message) {
        out.println(prefix + "iperf3: error - " + message);
        out.flush();
    }

    private static String id(int id) {
        return String.format(Locale.ROOT, "%3d", id);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private void line(StringBuilder b, String text) {
        b.append(prefix).append(text).append('\n');
    }

    private void print(StringBuilder b) {
        synchronized (out) { // one block at a time on a stream shared by concurrent tests
            out.print(b);
            out.flush();
        }
    }
}
