package io.jloadgen.session;

import io.jloadgen.config.RateFormat;
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
    private final char rateFormat;
    private boolean headerPrinted;
    private boolean multiStream;
    private boolean bidir;
    private String serverOutputText;

    /**
     * @param prefix     printed before every line (iperf3's {@code -T} title, or a test tag on the server)
     * @param serverSide whether this is the server's view (changes the start lines)
     * @param verbose    print CPU utilisation like iperf3's {@code -V}
     */
    public TextReportWriter(PrintStream out, String prefix, boolean serverSide, boolean verbose) {
        this(out, prefix, serverSide, verbose, RateFormat.ADAPTIVE);
    }

    /** @param rateFormat iperf3's {@code -f} letter for the bitrate column, or {@link RateFormat#ADAPTIVE} */
    public TextReportWriter(PrintStream out, String prefix, boolean serverSide, boolean verbose, char rateFormat) {
        this.out = out;
        this.prefix = prefix == null ? "" : prefix;
        this.serverSide = serverSide;
        this.verbose = verbose;
        this.rateFormat = rateFormat;
    }

    private String rate(double bitsPerSecond) {
        return Units.formatRate(bitsPerSecond, rateFormat);
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
            line(b, c.textLine());
        }
        if (verbose) {
            line(b, String.format(Locale.ROOT, "Starting Test: protocol: %s, %d streams, %d byte blocks, omitting %d seconds, %s",
                    info.protocol(), info.parallel(), info.blockSize(), info.omitS(),
                    info.bytes() > 0 ? info.bytes() + " bytes to send" : info.blocks() > 0
                            ? info.blocks() + " blocks to send" : info.durationS() + " second test"));
        }
        multiStream = info.connections().size() > 1;
        bidir = info.bidir();
        print(b);
    }

    @Override
    public void interval(IntervalReport report) {
        StringBuilder b = new StringBuilder();
        StreamInterval first = report.streams().isEmpty() ? report.sum() : report.streams().get(0);
        boolean udp = first.udp() != null;
        boolean retr = !udp && report.streams().stream().anyMatch(r -> r.sender() && r.retransmits() >= 0);
        if (!headerPrinted) {
            String columns = udp ? (first.sender() ? "Total Datagrams" : "Jitter    Lost/Total Datagrams")
                    : retr ? "Retr  Cwnd" : "";
            line(b, header(columns));
            headerPrinted = true;
        } else if (multiStream && (!bidir || report.streams().size() > 2)) {
            line(b, SEPARATOR); // as iperf3: between interval blocks, not after the last one
        }
        for (StreamInterval s : report.streams()) {
            line(b, intervalLine(id(s.id()) + role(s.sender()), s, true));
        }
        if (multiStream) {
            if (report.sumReverse() == null) {
                line(b, intervalLine("SUM", report.sum(), false));
            } else if (report.streams().size() > 2) { // iperf3 sums each direction once it has several streams in it
                line(b, intervalLine("SUM" + role(true), report.sum(), false));
                line(b, intervalLine("SUM" + role(false), report.sumReverse(), false));
            }
        }
        print(b);
    }

    /** iperf3's column header; with --bidir it has the [Role] column. */
    private String header(String columns) {
        String head = (bidir ? "[ ID][Role] " : "[ ID] ") + "Interval           Transfer     Bitrate";
        return columns.isEmpty() ? head : head + "         " + columns;
    }

    /** iperf3's role tag with --bidir: [TX-C], [RX-C] at the client, [TX-S], [RX-S] at the server. */
    private String role(boolean sends) {
        return bidir ? "][" + (sends ? "TX" : "RX") + "-" + (serverSide ? "S" : "C") : "";
    }

    private String intervalLine(String id, StreamInterval s, boolean withCwnd) {
        String line = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, s.startS(), s.endS(),
                pad(Units.formatBytes(s.bytes()), 11), pad(rate(s.bitsPerSecond()), 15));
        if (s.udp() != null) {
            line += s.sender() ? String.format(Locale.ROOT, "%d  ", s.udp().packets())
                    : udpLoss(s.udp().jitterMs(), s.udp().lost(), s.udp().packets());
        } else if (s.sender() && s.retransmits() >= 0) {
            line += String.format(Locale.ROOT, " %4d", Math.max(0, s.retransmits()));
            if (withCwnd && s.sndCwnd() >= 0) {
                line += "   " + Units.formatBytes(s.sndCwnd());
            }
        }
        return s.omitted() ? line + "  (omitted)" : line;
    }

    /** iperf3's "jitter ms  lost/total (percent%)" columns. */
    private static String udpLoss(double jitterMs, long lost, long packets) {
        double pct = packets > 0 ? 100.0 * lost / packets : 0;
        return String.format(Locale.ROOT, " %5.3f ms  %d/%d (%s%%)  ", jitterMs, lost, packets, twoDigits(pct));
    }

    /** C's %.2g for the lost percent: two significant digits, no trailing zeros. */
    static String twoDigits(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return "0";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    @Override
    public void serverOutput(String text, com.fasterxml.jackson.databind.JsonNode json) {
        serverOutputText = text != null ? text : json != null ? json.toPrettyString() : null;
    }

    @Override
    public void end(TestSummary summary) {
        StringBuilder b = new StringBuilder();
        line(b, SEPARATOR);
        boolean udp = summary.udp();
        boolean retr = !udp && summary.retransmits() >= 0;
        line(b, header(udp ? "Jitter    Lost/Total Datagrams" : retr ? "Retr" : ""));
        for (boolean sending : summary.bidirectional() ? new boolean[] {true, false} : new boolean[] {summary.localSends()}) {
            TestSummary part = summary.bidirectional() ? summary.part(sending) : summary;
            for (StreamSummary s : part.streams()) {
                endLines(b, id(s.id()) + role(s.localSends()), s.sentBytes(), s.sentSeconds(), s.receivedBytes(),
                        s.receivedSeconds(), s.retransmits(), retr, s.udp());
            }
            if (part.streams().size() > 1) {
                endLines(b, "SUM" + role(sending), part.sentBytes(), part.sentSeconds(), part.receivedBytes(),
                        part.receivedSeconds(), part.retransmits(), retr, part.udpTotals());
            }
        }
        if (verbose) {
            boolean sends = summary.localSends();
            line(b, String.format(Locale.ROOT, "CPU Utilization: local/%s %.1f%% (%.1f%%u/%.1f%%s), remote/%s %.1f%% (%.1f%%u/%.1f%%s)",
                    sends ? "sender" : "receiver", summary.localCpu().totalPct(), summary.localCpu().userPct(),
                    summary.localCpu().systemPct(), sends ? "receiver" : "sender", summary.remoteCpu().totalPct(),
                    summary.remoteCpu().userPct(), summary.remoteCpu().systemPct()));
            if (!Double.isNaN(summary.hostCpuBusyPct())) {
                line(b, String.format(Locale.ROOT, "Host CPU busy (all processes, /proc/stat): %.1f%% of one CPU",
                        summary.hostCpuBusyPct()));
            }
        }
        if (serverOutputText != null) {
            b.append("\nServer output:\n").append(serverOutputText).append('\n');
        }
        if (!serverSide) {
            b.append('\n');
            line(b, "iperf Done.");
        }
        print(b);
    }

    private void endLines(StringBuilder b, String id, long sent, double sentS, long received, double receivedS,
                          long retransmits, boolean retr, UdpTotals udp) {
        if (sent < 0 || received < 0) { // an iperf 2 peer reports nothing back
            unreportedEndLines(b, id, sent, sentS, received, receivedS, retransmits, retr);
            return;
        }
        String sender = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, 0.0, sentS,
                pad(Units.formatBytes(sent), 11), pad(rate(sentS > 0 ? sent * 8 / sentS : 0), 15));
        String receiver = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, 0.0, receivedS,
                pad(Units.formatBytes(received), 11),
                pad(rate(receivedS > 0 ? received * 8 / receivedS : 0), 15));
        if (udp != null) {
            // as iperf3: the sender's line shows no jitter and the loss over the packets sent
            line(b, sender + udpLoss(0, udp.lost(), udp.sentPackets() > 0 ? udp.sentPackets() : udp.receivedPackets()) + "sender");
            line(b, receiver + udpLoss(udp.jitterMs(), udp.lost(), udp.receivedPackets()) + "receiver");
            if (udp.outOfOrder() > 0) {
                line(b, String.format(Locale.ROOT, "[%s] %4.1f-%4.1f sec  %d datagrams received out-of-order", id, 0.0,
                        receivedS, udp.outOfOrder()));
            }
            return;
        }
        if (retr) {
            sender += String.format(Locale.ROOT, " %4d", Math.max(0, retransmits));
        }
        line(b, pad(sender, retr ? 66 : 61) + "sender");
        line(b, pad(receiver, retr ? 66 : 61) + "receiver");
    }

    private void unreportedEndLines(StringBuilder b, String id, long sent, double sentS, long received,
                                    double receivedS, long retransmits, boolean retr) {
        String notReported = String.format(Locale.ROOT, "[%s]   %-44s", id, "(not reported by the iperf 2 peer)");
        if (sent < 0) {
            line(b, pad(notReported, retr ? 66 : 61) + "sender");
        } else {
            String sender = String.format(Locale.ROOT, "[%s] %6.2f-%-6.2f sec  %s  %s", id, 0.0, sentS,
                    pad(Units.formatBytes(sent), 11), pad(rate(sentS > 0 ? sent * 8 / sentS : 0), 15));
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
                    pad(rate(receivedS > 0 ? received * 8 / receivedS : 0), 15));
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
