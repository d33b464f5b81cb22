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
 * @param timestampS  Unix time of the start, seconds
 * @param controlLocal the control connection's local address
 */
public record StartInfo(String host, int port, String cookie, String transport, List<Connection> connections,
                        String protocol, int parallel, int blockSize, int omitS, int durationS, long bytes,
                        long blocks, boolean reverse, boolean bidir, long bitrate, long timestampS,
                        InetSocketAddress controlLocal) {

    /** One data connection. */
    public record Connection(int id, InetSocketAddress local, InetSocketAddress remote) {
    }
}
