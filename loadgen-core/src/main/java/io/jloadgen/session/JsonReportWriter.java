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
 * {@code start.jloadgen}. The document is printed once, when the test ends or fails.
 */
public final class JsonReportWriter implements ReportWriter {
    private static final DateTimeFormatter IPERF_TIME =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final ObjectNode root = JsonCodec.newObject();
    private final ObjectNode start = root.putObject("start");
    private final ArrayNode intervals = root.putArray("intervals");
    private final ObjectNode end = root.putObject("end");
    private boolean started;
    private boolean printed;

    /** @param out where the document is printed; null to only build it ({@link #document()}) */
    public JsonReportWriter(PrintStream out) {
        this.out = out;
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
            ObjectNode o = connected.addObject();
            o.put("socket", c.id());
            o.put("local_host", c.local().getAddress().getHostAddress());
            o.put("local_port", c.local().getPort());
            o.put("remote_host", c.remote().getAddress().getHostAddress());
            o.put("remote_port", c.remote().getPort());
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
        start.put("fq_rate", 0);
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
        t.put("tos", 0);
        t.put("target_bitrate", info.bitrate());
        t.put("bidir", info.bidir() ? 1 : 0);
        t.put("fqrate", 0);
        ObjectNode own = start.putObject("jloadgen");
        own.put("transport", info.transport());
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
            if (s.sender() && s.retransmits() >= 0) {
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
        StreamInterval sum = report.sum();
        ObjectNode o = interval.putObject("sum");
        times(o, sum.startS(), sum.endS(), sum.seconds());
        o.put("bytes", sum.bytes());
        o.put("bits_per_second", sum.bitsPerSecond());
        if (sum.sender() && sum.retransmits() >= 0) {
            o.put("retransmits", sum.retransmits());
        }
        o.put("omitted", sum.omitted());
        o.put("sender", sum.sender());
    }

    @Override
    public void end(TestSummary summary) {
        boolean retr = summary.retransmits() >= 0;
        ArrayNode streams = end.putArray("streams");
        boolean localSends = summary.localSends();
        for (StreamSummary s : summary.streams()) {
            ObjectNode o = streams.addObject();
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
        ObjectNode sent = end.putObject("sum_sent");
        times(sent, 0, summary.sentSeconds(), summary.sentSeconds());
        bytesAndRate(sent, summary.sentBytes(), summary.sentSeconds());
        if (retr) {
            sent.put("retransmits", summary.retransmits());
        }
        sent.put("sender", localSends);
        ObjectNode received = end.putObject("sum_received");
        times(received, 0, summary.receivedSeconds(), summary.receivedSeconds());
        bytesAndRate(received, summary.receivedBytes(), summary.receivedSeconds());
        received.put("sender", localSends);
        ObjectNode cpu = end.putObject("cpu_utilization_percent");
        cpu.put("host_total", summary.localCpu().totalPct());
        cpu.put("host_user", summary.localCpu().userPct());
        cpu.put("host_system", summary.localCpu().systemPct());
        cpu.put("remote_total", summary.remoteCpu().totalPct());
        cpu.put("remote_user", summary.remoteCpu().userPct());
        cpu.put("remote_system", summary.remoteCpu().systemPct());
        if (summary.senderCongestion() != null) {
            end.put("sender_tcp_congestion", summary.senderCongestion());
        }
        if (summary.receiverCongestion() != null) {
            end.put("receiver_tcp_congestion", summary.receiverCongestion());
        }
        print();
    }

    @Override
    public void error(String message) {
        if (!started) {
            root.removeAll();
        }
        root.put("error", message);
        print();
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
