package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The test parameters a client sends after PARAM_EXCHANGE (iperf3's {@code send_parameters}). Absent
 * keys take iperf3's defaults, unknown keys are ignored, and every present key is type- and
 * range-checked before use.
 *
 * @param udp             UDP instead of TCP
 * @param omitS           warm-up seconds not counted
 * @param timeS           test length in seconds (0 with a byte or block limit)
 * @param bytes           bytes to send, 0 for none ({@code -n})
 * @param blocks          blocks to send, 0 for none ({@code -k})
 * @param parallel        streams per direction
 * @param reverse         the server sends
 * @param bidirectional   both send
 * @param window          socket buffer bytes, 0 for default
 * @param len             block size in bytes
 * @param bandwidth       target bit/s per stream, 0 for unlimited
 * @param mss             TCP MSS, 0 for default
 * @param noDelay         TCP_NODELAY
 * @param congestion      congestion algorithm or null
 * @param title           the client's title or null
 * @param getServerOutput whether the client wants the server's output in the results
 * @param clientVersion   the client's version string, or null
 * @param jloadgenPeer    the client is jloadgen (it half-closes data streams when done sending)
 * @param udpCounters64   UDP sequence numbers are 64-bit ({@code udp_counters_64bit})
 * @param tos             IP type-of-service byte for the data streams ({@code TOS}, iperf3's {@code -S}), 0 for none
 * @param fqRate          SO_MAX_PACING_RATE of the data streams in bits/s ({@code fqrate}, iperf3's {@code --fq-rate}),
 *                        0 for none
 * @param dontFragment    Don't Fragment on IPv4 UDP datagrams ({@code dont_fragment}, iperf3's {@code --dont-fragment})
 * @param extraData       the client's {@code extra_data} string, or null
 */
public record TestParameters(
        boolean udp,
        int omitS,
        int timeS,
        long bytes,
        long blocks,
        int parallel,
        boolean reverse,
        boolean bidirectional,
        int window,
        int len,
        long bandwidth,
        int mss,
        boolean noDelay,
        String congestion,
        String title,
        boolean getServerOutput,
        String clientVersion,
        boolean jloadgenPeer,
        boolean udpCounters64,
        int tos,
        long fqRate,
        boolean dontFragment,
        String extraData) {

    /** Parameters with 32-bit UDP counters (iperf3's default). */
    public TestParameters(boolean udp, int omitS, int timeS, long bytes, long blocks, int parallel, boolean reverse,
                          boolean bidirectional, int window, int len, long bandwidth, int mss, boolean noDelay,
                          String congestion, String title, boolean getServerOutput, String clientVersion,
                          boolean jloadgenPeer) {
        this(udp, omitS, timeS, bytes, blocks, parallel, reverse, bidirectional, window, len, bandwidth, mss, noDelay,
                congestion, title, getServerOutput, clientVersion, jloadgenPeer, false, 0, 0, false, null);
    }

    public static final int MAX_PARALLEL = 128;
    public static final int MAX_LEN = 16 * 1024 * 1024;
    public static final int MAX_TIME_S = 86_400;
    public static final int MAX_EXTRA_DATA = 4096;
    public static final String JLOADGEN_KEY = "jloadgen";

    /** Decodes and checks parameters received from a client. */
    public static TestParameters fromJson(JsonNode j) throws ProtocolException {
        boolean tcp = JsonFields.flag(j, "tcp");
        boolean udp = JsonFields.flag(j, "udp");
        if (JsonFields.flag(j, "sctp")) {
            throw new ProtocolException("SCTP is not supported");
        }
        if (tcp && udp) {
            throw new ProtocolException("parameters ask for both TCP and UDP");
        }
        int parallel = JsonFields.intIn(j, "parallel", 1, 1, MAX_PARALLEL);
        int timeS = JsonFields.intIn(j, "time", 10, 0, MAX_TIME_S);
        long bytes = JsonFields.longIn(j, "num", 0, 0, Long.MAX_VALUE / 2);
        long blocks = JsonFields.longIn(j, "blockcount", 0, 0, Long.MAX_VALUE / 2);
        if (timeS == 0 && bytes == 0 && blocks == 0) {
            throw new ProtocolException("parameters give no time, bytes or block count");
        }
        boolean counters64 = JsonFields.flag(j, "udp_counters_64bit");
        int len = JsonFields.intIn(j, "len", udp ? UdpHeader.DEFAULT_DATAGRAM : 128 * 1024, 1, MAX_LEN);
        if (udp && (len < UdpHeader.length(counters64) || len > UdpHeader.MAX_DATAGRAM)) {
            throw new ProtocolException("parameter 'len' = " + len + " outside " + UdpHeader.length(counters64) + ".."
                    + UdpHeader.MAX_DATAGRAM + " for UDP");
        }
        return new TestParameters(
                udp,
                JsonFields.intIn(j, "omit", 0, 0, 600),
                timeS,
                bytes,
                blocks,
                parallel,
                JsonFields.flag(j, "reverse"),
                JsonFields.flag(j, "bidirectional"),
                JsonFields.intIn(j, "window", 0, 0, 1 << 30),
                len,
                JsonFields.longIn(j, "bandwidth", 0, 0, 1_000_000_000_000_000L),
                JsonFields.intIn(j, "MSS", 0, 0, 65_535),
                JsonFields.flag(j, "nodelay"),
                JsonFields.string(j, "congestion", 16),
                JsonFields.string(j, "title", 256),
                JsonFields.flag(j, "get_server_output"),
                JsonFields.string(j, "client_version", 64),
                JsonFields.flag(j, JLOADGEN_KEY),
                counters64,
                JsonFields.intIn(j, "TOS", 0, 0, 255),
                JsonFields.longIn(j, "fqrate", 0, 0, 1_000_000_000_000_000L),
                JsonFields.intIn(j, "dont_fragment", 0, 0, 1) == 1,
                JsonFields.string(j, "extra_data", MAX_EXTRA_DATA));
    }

    /** Encodes the parameters as iperf3's client does, plus the jloadgen marker (ignored by iperf3). */
    public ObjectNode toJson() {
        ObjectNode j = JsonCodec.newObject();
        j.put(udp ? "udp" : "tcp", true);
        j.put("omit", omitS);
        j.put("time", timeS);
        j.put("num", bytes);
        j.put("blockcount", blocks);
        if (mss > 0) {
            j.put("MSS", mss);
        }
        if (noDelay) {
            j.put("nodelay", true);
        }
        j.put("parallel", parallel);
        if (reverse) {
            j.put("reverse", true);
        }
        if (bidirectional) {
            j.put("bidirectional", true);
        }
        if (window > 0) {
            j.put("window", window);
        }
        j.put("len", len);
        if (bandwidth > 0) {
            j.put("bandwidth", bandwidth);
        }
        j.put("pacing_timer", 1000);
        if (tos > 0) {
            j.put("TOS", tos);
        }
        if (fqRate > 0) {
            j.put("fqrate", fqRate);
        }
        if (dontFragment) {
            j.put("dont_fragment", 1);
        }
        if (extraData != null) {
            j.put("extra_data", extraData);
        }
        if (title != null) {
            j.put("title", title);
        }
        if (congestion != null) {
            j.put("congestion", congestion);
        }
        if (getServerOutput) {
            j.put("get_server_output", 1);
        }
        if (clientVersion != null) {
            j.put("client_version", clientVersion);
        }
        if (udpCounters64) {
            j.put("udp_counters_64bit", 1);
        }
        if (jloadgenPeer) {
            j.put(JLOADGEN_KEY, 1);
        }
        return j;
    }

    /** Data connections the client opens: one per stream, twice as many with --bidir. */
    public int dataConnections() {
        return bidirectional ? parallel * 2 : parallel;
    }
}
