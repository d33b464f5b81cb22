package io.jloadgen.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jloadgen.protocol.JsonCodec;
import io.jloadgen.util.Version;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * iperf3's {@code -J} document ({@code start}, {@code intervals}, {@code end}) with the same keys and
 * units, so scripts written for iperf3's JSON read it unchanged. jloadgen's own additions live under
 * {@code start.jloadgen}. The document is printed once, when the test ends or fails; or, streamed (iperf3
 * 3.17's {@code --json-stream}), as one line per event: {@code {"event":"start"|"interval"|"end"|"error"|
 * "server_output_text"|"server_output_json","data":...}}.
 */
public final class JsonReportWriter implements ReportWriter {
    private static final DateTimeFormatter IPERF_TIME =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final ObjectNode root = JsonCodec.newObject();
    private final ObjectNode start = root.putObject("start");
    private final ArrayNode intervals = root.putArray("intervals");
    private final ObjectNode end = root.putObject("end");
    private final boolean streamed;
    private boolean started;
    private boolean printed;

    /** @param out where the document is printed; null to only build it ({@link #document()}) */
    public JsonReportWriter(PrintStream out) {
        this(out, false);
    }

    /**
     * @param out      where output goes; null to only build the document
     * @param streamed print one line per event as it happens ({@code --json-stream}) instead of the whole document
     */
    public JsonReportWriter(PrintStream out, boolean streamed) {
        this.out = out;
        this.streamed = streamed;
    }

    /**
     * iperf3's top-level {@code title} ({@code -T}) and {@code extra_data} ({@code --extra-data}), after {@code end}
     * as iperf3 places them; null leaves one out. Call before the test.
     */
    public void annotate(String title, String extraData) {
        if (title != null) {
            root.put("title", title);
        }
        if (extraData != null) {
            root.put("extra_data", extraData);
        }
    }

    /** The document as built so far (complete after {@link #end} or {@link #error}). */
    public ObjectNode document() {
        return root;
    }

    @Override
    public void start(StartInfo info) {
        started = true;
        ArrayNode connected = start.putArray("connected");
        for (StartInfo.Connection c : info.connections()) {
            c.addTo(connected);
        }
        start.put("version", "jloadgen " + Version.get());
        start.put("system_info", System.getProperty("os.name") + " " + hostName() + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        ObjectNode ts = start.putObject("timestamp");
        ts.put("time", IPERF_TIME.format(Instant.ofEpochSecond(info.timestampS())));
        ts.put("timesecs", info.timestampS());
        ObjectNode to = start.putObject("connecting_to");
        to.put("host", info.host());
        to.put("port", info.port());
        start.put("cookie", info.cookie());
        start.put("tcp_mss_default", 0);
        start.put("target_bitrate", info.bitrate());
        start.put("fq_rate", info.fqRate());
        start.put("sock_bufsize", 0);
        start.put("sndbuf_actual", 0);
        start.put("rcvbuf_actual", 0);
        ObjectNode t = start.putObject("test_start");
        t.put("protocol", info.protocol());
        t.put("num_streams", info.parallel());
        t.put("blksize", info.blockSize());
        t.put("omit", info.omitS());
        t.put("duration", info.durationS());
        t.put("bytes", info.bytes());
        t.put("blocks", info.blocks());
        t.put("reverse", info.reverse() ? 1 : 0);
        t.put("tos", info.tos());
        t.put("target_bitrate", info.bitrate());
        t.put("bidir", info.bidir() ? 1 : 0);
        t.put("fqrate", info.fqRate());
        ObjectNode own = start.putObject("jloadgen");
        own.put("transport", info.transport());
        event("start", start);
    }

    /** Fills in the socket buffer sizes actually in use (iperf3's sndbuf_actual/rcvbuf_actual). */
    public void socketBuffers(int requested, int sndbufActual, int rcvbufActual, int mssDefault) {
        start.put("sock_bufsize", requested);
        start.put("sndbuf_actual", sndbufActual);
        start.put("rcvbuf_actual", rcvbufActual);
        start.put("tcp_mss_default", mssDefault);
    }

    @Override
    public void interval(IntervalReport report) {
        ObjectNode interval = intervals.addObject();
        ArrayNode streams = interval.putArray("streams");
        for (StreamInterval s : report.streams()) {
            ObjectNode o = streams.addObject();
            o.put("socket", s.id());
            times(o, s.startS(), s.endS(), s.seconds());
            o.put("bytes", s.bytes());
            o.put("bits_per_second", s.bitsPerSecond());
            if (s.udp() != null) {
                udpInterval(o, s);
            } else if (s.sender() && s.retransmits() >= 0) {
                o.put("retransmits", s.retransmits());
                o.put("snd_cwnd", s.sndCwnd());
                o.put("snd_wnd", 0);
                o.put("rtt", s.rttUs());
                o.put("rttvar", s.rttVarUs());
                o.put("pmtu", s.pmtu());
            }
            o.put("omitted", s.omitted());
            o.put("sender", s.sender());
        }
        intervalSum(interval.putObject("sum"), report.sum());
        if (report.sumReverse() != null) {
            intervalSum(interval.putObject("sum_bidir_reverse"), report.sumReverse());
        }
        event("interval", interval);
    }

    private static void intervalSum(ObjectNode o, StreamInterval sum) {
        times(o, sum.startS(), sum.endS(), sum.seconds());
        o.put("bytes", sum.bytes());
        o.put("bits_per_second", sum.bitsPerSecond());
        if (sum.udp() != null) {
            udpInterval(o, sum);
        } else if (sum.sender() && sum.retransmits() >= 0) {
            o.put("retransmits", sum.retransmits());
        }
        o.put("omitted", sum.omitted());
        o.put("sender", sum.sender());
    }

    /** iperf3's UDP interval fields: the sender reports datagrams sent, the receiver jitter and loss too. */
    private static void udpInterval(ObjectNode o, StreamInterval s) {
        UdpFigures u = s.udp();
        if (s.sender()) {
            o.put("packets", u.packets());
            return;
        }
        o.put("jitter_ms", u.jitterMs());
        o.put("lost_packets", u.lost());
        o.put("packets", u.packets());
        o.put("lost_percent", u.lostPercent());
    }

    @Override
    public void end(TestSummary summary) {
        boolean retr = summary.retransmits() >= 0;
        ArrayNode streams = end.putArray("streams");
        for (StreamSummary s : summary.streams()) {
            if (s.udp() != null) {
                udpStream(streams.addObject().putObject("udp"), s);
            } else {
                tcpStream(streams.addObject(), s, retr);
            }
        }
        if (summary.bidirectional()) {
            // iperf3 sums what this end sends as sum_sent/sum_received, and what it receives as *_bidir_reverse
            sums(summary.part(true), "", retr);
            sums(summary.part(false), "_bidir_reverse", retr);
        } else {
            sums(summary, "", retr);
        }
        ObjectNode cpu = end.putObject("cpu_utilization_percent");
        cpu.put("host_total", summary.localCpu().totalPct());
        cpu.put("host_user", summary.localCpu().userPct());
        cpu.put("host_system", summary.localCpu().systemPct());
        cpu.put("remote_total", summary.remoteCpu().totalPct());
        cpu.put("remote_user", summary.remoteCpu().userPct());
        cpu.put("remote_system", summary.remoteCpu().systemPct());
        if (!Double.isNaN(summary.hostCpuBusyPct())) {
            // not iperf3's: the whole host, all processes, from /proc/stat (% of one CPU)
            end.putObject("jloadgen").put("host_cpu_busy_pct", summary.hostCpuBusyPct());
        }
        if (summary.senderCongestion() != null) {
            end.put("sender_tcp_congestion", summary.senderCongestion());
        }
        if (summary.receiverCongestion() != null) {
            end.put("receiver_tcp_congestion", summary.receiverCongestion());
        }
        if (streamed) {
            event("end", end);
        } else {
            print();
        }
    }

    private static void tcpStream(ObjectNode o, StreamSummary s, boolean retr) {
        ObjectNode snd = o.putObject("sender");
        snd.put("socket", s.id());
        times(snd, 0, s.sentSeconds(), s.sentSeconds());
        bytesAndRate(snd, s.sentBytes(), s.sentSeconds());
        if (retr) {
            snd.put("retransmits", Math.max(0, s.retransmits()));
            snd.put("max_snd_cwnd", s.maxSndCwnd());
            snd.put("max_snd_wnd", 0);
            snd.put("max_rtt", s.maxRttUs());
            snd.put("min_rtt", s.minRttUs());
            snd.put("mean_rtt", s.meanRttUs());
        }
        snd.put("sender", s.localSends());
        ObjectNode rcv = o.putObject("receiver");
        rcv.put("socket", s.id());
        times(rcv, 0, s.receivedSeconds(), s.receivedSeconds());
        bytesAndRate(rcv, s.receivedBytes(), s.receivedSeconds());
        rcv.put("sender", s.localSends());
    }

    /** iperf3's one UDP object per stream: the sender's bytes and time, the receiver's jitter and loss. */
    private static void udpStream(ObjectNode o, StreamSummary s) {
        UdpTotals u = s.udp();
        o.put("socket", s.id());
        times(o, 0, s.sentSeconds(), s.sentSeconds());
        o.put("bytes", s.sentBytes());
        o.put("bits_per_second", rate(s.sentBytes(), s.sentSeconds()));
        o.put("jitter_ms", u.jitterMs());
        o.put("lost_packets", u.lost());
        o.put("packets", u.packets());
        o.put("lost_percent", u.lostPercent());
        o.put("out_of_order", u.outOfOrder());
        o.put("sender", s.localSends());
    }

    private void sums(TestSummary part, String suffix, boolean retr) {
        UdpTotals udp = part.udpTotals();
        if (udp != null && suffix.isEmpty()) {
            // iperf3's original UDP summary, kept for old scripts: sent bytes over the receiver's time
            ObjectNode sum = end.putObject("sum");
            times(sum, 0, part.receivedSeconds(), part.receivedSeconds());
            sum.put("bytes", part.sentBytes());
            sum.put("bits_per_second", rate(part.sentBytes(), part.receivedSeconds()));
            udpSum(sum, udp.jitterMs(), udp.lost(), udp.packets(), udp.lostPercent());
            sum.put("sender", part.localSends());
        }
        ObjectNode sent = end.putObject("sum_sent" + suffix);
        times(sent, 0, part.sentSeconds(), part.sentSeconds());
        bytesAndRate(sent, part.sentBytes(), part.sentSeconds());
        if (udp != null) {
            udpSum(sent, 0, 0, udp.sentPackets(), 0);
            sent.put("sender", true);
        } else {
            if (retr && part.retransmits() >= 0) {
                sent.put("retransmits", part.retransmits());
            }
            sent.put("sender", part.localSends());
        }
        ObjectNode received = end.putObject("sum_received" + suffix);
        times(received, 0, part.receivedSeconds(), part.receivedSeconds());
        bytesAndRate(received, part.receivedBytes(), part.receivedSeconds());
        if (udp != null) {
            udpSum(received, udp.jitterMs(), udp.lost(), udp.receivedPackets(), udp.lostPercentOf(udp.receivedPackets()));
            received.put("sender", false);
        } else {
            received.put("sender", part.localSends());
        }
    }

    private static void udpSum(ObjectNode o, double jitterMs, long lost, long packets, double lostPercent) {
        o.put("jitter_ms", jitterMs);
        o.put("lost_packets", lost);
        o.put("packets", packets);
        o.put("lost_percent", lostPercent);
    }

    @Override
    public void serverOutput(String text, com.fasterxml.jackson.databind.JsonNode json) {
        if (json != null) {
            root.set("server_output_json", json);
            event("server_output_json", json);
        } else if (text != null) {
            root.put("server_output_text", text);
            event("server_output_text", com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
        }
    }

    /** With --json-stream: one line for one event, printed whole. */
    private void event(String name, com.fasterxml.jackson.databind.JsonNode data) {
        if (!streamed || out == null) {
            return;
        }
        ObjectNode e = JsonCodec.newObject();
        e.put("event", name);
        e.set("data", data);
        synchronized (out) {
            out.println(e.toString());
            out.flush();
        }
    }

    @Override
    public void error(String message) {
        if (!started) {
            root.removeAll();
        }
        root.put("error", message);
        if (streamed) {
            event("error", root.get("error"));
        } else {
            print();
        }
    }

    private void print() {
        if (printed || out == null) {
            return;
        }
        printed = true;
        synchronized (out) {
            out.println(root.toPrettyString());
            out.flush();
        }
    }

    private static void times(ObjectNode o, double start, double end, double seconds) {
        o.put("start", start);
        o.put("end", end);
        o.put("seconds", seconds);
    }

    /** Bytes and bit rate; both null, with {@code "reported": false}, when the peer does not report them (iperf 2). */
    private static void bytesAndRate(ObjectNode o, long bytes, double seconds) {
        if (bytes < 0) {
            o.putNull("bytes");
            o.putNull("bits_per_second");
            o.put("reported", false);
            return;
        }
        o.put("bytes", bytes);
        o.put("bits_per_second", rate(bytes, seconds));
    }

    private static double rate(long bytes, double seconds) {
        return seconds > 0 ? bytes * 8 / seconds : 0;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
