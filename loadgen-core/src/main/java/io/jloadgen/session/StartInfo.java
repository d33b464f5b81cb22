package io.jloadgen.session;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What a test is about to run, for the start of the output.
 *
 * @param host        the server as the user named it
 * @param port        its port
 * @param cookie      the test's cookie
 * @param transport   Netty transport in use
 * @param connections data connections: id, local and remote address
 * @param protocol    "TCP"
 * @param parallel    streams per direction
 * @param blockSize   bytes per write
 * @param omitS       warm-up seconds
 * @param durationS   test seconds (0 with a byte or block limit)
 * @param bytes       byte limit, 0 for none
 * @param blocks      block limit, 0 for none
 * @param reverse     whether the server sends
 * @param bidir       whether both send
 * @param bitrate     target bit/s per stream, 0 for unlimited
 * @param tos         IP type-of-service byte of the data streams, 0 for the kernel's
 * @param fqRate      SO_MAX_PACING_RATE of the data streams in bits/s ({@code --fq-rate}), 0 for none
 * @param timestampS  Unix time of the start, seconds
 * @param controlLocal the control connection's local address
 */
public record StartInfo(String host, int port, String cookie, String transport, List<Connection> connections,
                        String protocol, int parallel, int blockSize, int omitS, int durationS, long bytes,
                        long blocks, boolean reverse, boolean bidir, long bitrate, int tos, long fqRate, long timestampS,
                        InetSocketAddress controlLocal) {

    /** One data connection. */
    public record Connection(int id, InetSocketAddress local, InetSocketAddress remote) {
        /** iperf3's line for it: {@code [  5] local 127.0.0.1 port 40264 connected to 127.0.0.1 port 5201}. */
        public String textLine() {
            return String.format(java.util.Locale.ROOT, "[%3d] local %s port %d connected to %s port %d", id,
                    local.getAddress().getHostAddress(), local.getPort(), remote.getAddress().getHostAddress(),
                    remote.getPort());
        }

        /** Adds it to iperf3's {@code start.connected} array. */
        public void addTo(com.fasterxml.jackson.databind.node.ArrayNode connected) {
            com.fasterxml.jackson.databind.node.ObjectNode o = connected.addObject();
            o.put("socket", id);
            o.put("local_host", local.getAddress().getHostAddress());
            o.put("local_port", local.getPort());
            o.put("remote_host", remote.getAddress().getHostAddress());
            o.put("remote_port", remote.getPort());
        }
    }
}
