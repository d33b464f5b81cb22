package io.jloadgen.session;

import io.jloadgen.engine.TcpSink;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.protocol.Iperf2Header;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server side of one plain iperf 2 client test: its connections (grouped by {@link Iperf2Groups}) are
 * sinks that count every byte, the header included, as iperf 2's server does. When the test takes no more
 * connections and all of them have closed, it prints a summary as iperf3's server does: per-stream and
 * {@code [SUM]} lines, receiver figures from this end, sender figures marked as not reported (iperf 2
 * sends no results). Each stream's time runs from its header to its last byte. A stream silent for
 * {@link #IDLE_LIMIT_NS}, or running past the announced time plus a grace period, is closed.
 *
 * <p>Threading: connections join and close on their own event loops; the state is guarded by this
 * object's monitor (a few events per connection, none per read). Byte counters have one writer each.
 */
final class Iperf2ServerTest {
    private static final long IDLE_LIMIT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long GRACE_MS = 30_000;
    private static final long MAX_RUN_MS = TimeUnit.DAYS.toMillis(1);

    private final ServerContext server;
    private final InetAddress peer;
    private final Iperf2Header header;
    private final int number;
    private final long startNs = System.nanoTime();
    private final List<Stream> streams = new ArrayList<>();
    private final ScheduledFuture<?> watchdog;
    private boolean joining = true;
    private int closed;
    private boolean finished;

    private record Stream(DataStream data, long joinNs, InetSocketAddress local, InetSocketAddress remote) {
    }

    Iperf2ServerTest(ServerContext server, InetAddress peer, Iperf2Header header, EventLoop loop) {
        this.server = server;
        this.peer = peer;
        this.header = header;
        this.number = server.nextTestNumber();
        this.watchdog = loop.scheduleAtFixedRate(this::watch, 1, 1, TimeUnit.SECONDS);
    }

    /** Whether a connection from {@code from} with {@code h} belongs to this test. Caller holds the groups' lock. */
    synchronized boolean accepts(InetAddress from, Iperf2Header h) {
        return joining && peer.equals(from) && streams.size() < header.threads() && h.threads() == header.threads()
                && h.port() == header.port() && h.bufferLength() == header.bufferLength();
    }

    /** Adds a connection; returns true when it was the last one expected. */
    synchronized boolean addStream(Channel channel, SingleWriterCounter counter, TcpSink sink) {
        DataStream data = new DataStream(streams.size() + 1, channel, counter, null, sink);
        streams.add(new Stream(data, System.nanoTime(), data.localAddress(), data.remoteAddress()));
        server.log("test #" + number + ": accepted iperf 2 connection " + streams.size() + " of " + header.threads()
                + " from " + ConnectionRouter.peer(channel));
        channel.closeFuture().addListener(f -> streamClosed());
        if (streams.size() == header.threads()) {
            joining = false;
            return true;
        }
        return false;
    }

    /** The join window has passed: streams that have not come will not. */
    void stopJoining() {
        boolean done;
        synchronized (this) {
            if (!joining) {
                return;
            }
            joining = false;
            server.log("test #" + number + ": " + streams.size() + " of " + header.threads()
                    + " announced iperf 2 connections arrived");
            done = closed == streams.size();
        }
        if (done) {
            finish();
        }
    }

    private void streamClosed() {
        boolean done;
        synchronized (this) {
            closed++;
            done = !joining && closed == streams.size();
        }
        if (done) {
            finish();
        }
    }

    /** Closes streams that stay silent or run too long; runs on the test's loop once a second. */
    private void watch() {
        long now = System.nanoTime();
        long limitMs = (header.durationMs() > 0 ? header.durationMs() : MAX_RUN_MS) + GRACE_MS;
        List<Stream> copy;
        synchronized (this) {
            copy = List.copyOf(streams);
        }
        for (Stream s : copy) {
            Channel ch = s.data().channel();
            if (!ch.isActive()) {
                continue;
            }
            long last = Math.max(s.joinNs(), s.data().lastReadNs());
            if (now - last > IDLE_LIMIT_NS) {
                server.log("test #" + number + ": iperf 2 stream " + s.data().id() + " silent for "
                        + TimeUnit.NANOSECONDS.toSeconds(now - last) + " s; closing");
                ch.close();
            } else if (now - startNs > TimeUnit.MILLISECONDS.toNanos(limitMs)) {
                server.log("test #" + number + ": iperf 2 stream " + s.data().id() + " ran past "
                        + limitMs / 1000 + " s; closing");
                ch.close();
            }
        }
    }

    private void finish() {
        List<Stream> all;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            all = List.copyOf(streams);
        }
        watchdog.cancel(false);
        List<StreamSummary> rows = new ArrayList<>();
        List<StartInfo.Connection> conns = new ArrayList<>();
        for (Stream s : all) {
            DataStream d = s.data();
            long bytes = d.totalBytes();
            long last = d.lastReadNs();
            double seconds = last > s.joinNs() ? (last - s.joinNs()) / 1e9 : 0;
            rows.add(new StreamSummary(d.id(), false, -1, 0, bytes, seconds, -1, 0, 0, 0, 0));
            conns.add(new StartInfo.Connection(d.id(), s.local(), s.remote()));
        }
        InetSocketAddress local = all.get(0).local();
        TextReportWriter writer = new TextReportWriter(server.out(), "#" + number + " ", true, false,
                server.config().rateFormat());
        writer.start(new StartInfo(peer.getHostAddress(), local.getPort(), "", server.transport().kind().label(), conns,
                "TCP", header.threads(), header.bufferLength(), 0, (int) (header.durationMs() / 1000), 0, 0, false,
                false, 0, 0, 0, System.currentTimeMillis() / 1000, local));
        writer.end(new TestSummary(rows, CpuUsage.UNKNOWN, CpuUsage.UNKNOWN, false, null, null));
        server.log("test #" + number + " (" + peer.getHostAddress() + ", iperf 2 client): done, " + all.size()
                + " stream" + (all.size() == 1 ? "" : "s") + ", " + rows.stream().mapToLong(StreamSummary::receivedBytes).sum()
                + " bytes received");
        server.otherTestEnded(null);
    }
}
