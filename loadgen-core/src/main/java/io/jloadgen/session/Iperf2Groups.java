package io.jloadgen.session;

import io.jloadgen.engine.TcpSink;
import io.jloadgen.protocol.Iperf2Header;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.Channel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Groups the connections of one iperf 2 client into one test. iperf 2 has no cookie: its header carries
 * the client's parallel count ({@code -P}), and the connections of one client come from the same host
 * close in time. A connection joins the open test of the same host whose header matches (threads, port,
 * write size) and that still expects connections; a test stops accepting when it has them all, or when
 * the control timeout has passed since its first connection.
 *
 * <p>Threading: called from the event loops of accepted connections; guarded by this object's monitor.
 */
final class Iperf2Groups {
    private final ServerContext server;
    private final List<Iperf2ServerTest> open = new ArrayList<>();

    Iperf2Groups(ServerContext server) {
        this.server = server;
    }

    /** Adds the connection to its client's test, starting one if needed; null when the server is full. */
    Iperf2ServerTest join(InetAddress peer, Iperf2Header header, Channel channel, SingleWriterCounter counter, TcpSink sink) {
        Iperf2ServerTest test;
        boolean created = false;
        synchronized (this) {
            test = open.stream().filter(t -> t.accepts(peer, header)).findFirst().orElse(null);
            if (test == null) {
                if (!server.reserveOtherTest()) {
                    return null;
                }
                test = new Iperf2ServerTest(server, peer, header, channel.eventLoop());
                open.add(test);
                created = true;
            }
            if (test.addStream(channel, counter, sink)) {
                open.remove(test);
            }
        }
        if (created) {
            Iperf2ServerTest t = test;
            channel.eventLoop().schedule(() -> stopJoining(t), server.config().controlTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        return test;
    }

    private void stopJoining(Iperf2ServerTest test) {
        synchronized (this) {
            open.remove(test);
        }
        test.stopJoining();
    }
}
