package io.jloadgen.session;

import io.jloadgen.config.BouncebackConfig;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.engine.BlockingRoundTripper;
import io.jloadgen.engine.BlockingSocket;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.engine.OffLoopTimer;
import io.jloadgen.engine.Requester;
import io.jloadgen.engine.RoundTripper;
import io.jloadgen.engine.SocketTuning;
import io.jloadgen.protocol.BouncebackHeader;
import io.jloadgen.stats.LatencyRecorder;
import io.jloadgen.stats.LatencySummary;
import io.jloadgen.util.WallClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * iperf 2.1's bounceback test from the client side, against {@code iperf -s} or {@code jloadgen server}:
 * {@code -P} connections (TCP_NODELAY), each sending {@code -l}-byte requests in iperf 2's wire format
 * back to back or one per period, and timing each echo. Round trips of all connections go into one
 * {@link LatencyRecorder}; intervals are cut on boundaries planned from the start. At {@code -t} the
 * connections stop sending, the replies still awaited are collected (bounded by the control timeout),
 * and the whole run is reported. With {@code -O} the connections run that long first, unreported (a
 * fresh JVM takes seconds to reach full speed).
 *
 * <p>Each connection runs on a thread of its own over a blocking socket ({@link BlockingRoundTripper}),
 * two system calls per round trip as iperf 2's client, when the transport allows and {@code --busy-poll}
 * is off; otherwise on the group's loops ({@link RoundTripper}).
 *
 * <p>Threading: the session's state is confined to one event loop of the group; each connection records
 * through its own writer of the recorder. The session's clock (warm-up,
 * intervals, the planned end) runs on {@link OffLoopTimer} and hops onto the loop when due, so a loop
 * that also carries a connection waits for its replies without a deadline.
 */
public final class BouncebackClient {

    /** How a bounceback test ended. */
    public record Outcome(String error, LatencySummary total, double seconds, int connections) {
        public boolean ok() {
            return error == null;
        }
    }

    private final ClientConfig config;
    private final BouncebackConfig bounceback;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final BouncebackReport report;
    private final EventLoop loop;
    private final int size;
    private final LatencyRecorder recorder = new LatencyRecorder();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final List<Requester> trippers = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    private int connectedCount;
    private long startNs;
    private long lastTickNs;
    private int tickIndex;
    private boolean stopping;
    private ScheduledFuture<?> tick;

    public BouncebackClient(ClientConfig config, BouncebackConfig bounceback, NettyTransport transport,
                            EventLoopGroup group, BouncebackReport report) {
        BouncebackConfig.checkSize(config.blockSize());
        if (config.auth() != null) {
            throw new IllegalArgumentException("--bounceback: iperf 2's bounceback has no authentication; drop --username");
        }
        new SocketTuning(0, false, 0, null, config.tos(), 0, false).checkSupportedBy(transport); // -S marks IPv4 natively only
        this.config = config;
        this.bounceback = bounceback;
        this.transport = transport;
        this.group = group;
        this.report = report;
        this.loop = group.next();
        this.size = config.blockSize();
    }

    /** Runs the test; the future completes (never exceptionally) when it has ended. */
    public CompletableFuture<Outcome> run() {
        loop.execute(this::connect);
        return outcome;
    }

    private void connect() {
        Bootstrap b = new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the round tripper is added once connected
                    }
                });
        if (config.tos() > 0) { // -S/--dscp, as iperf 2's --tos marks its bounceback requests
            b.option(ChannelOption.IP_TOS, config.tos());
        }
        if (config.bindAddress() != null) {
            b.localAddress(config.bindAddress(), 0);
        }
        for (int i = 0; i < config.streams(); i++) {
            b.connect(config.host(), config.port()).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    loop.execute(() -> fail("unable to connect to " + config.host() + " port " + config.port() + ": "
                            + ClientSession.rootMessage(f.cause())));
                    return;
                }
                attach(f.channel());
            });
        }
    }

    /** Runs on the connection's loop: puts a requester on it, or on a thread of its own. */
    private void attach(Channel ch) {
        ByteBuf request = ch.alloc().directBuffer(size, size);
        BouncebackHeader.fillRequest(request, size);
        boolean quickAck = bounceback.quickAck();
        int holdUs = (int) (bounceback.hold().toNanos() / 1000);
        int tos = config.tos();
        long periodNs = bounceback.period().toNanos();
        RoundTripper.Stamper stamper = (buf, sequence) ->
                BouncebackHeader.stampRequest(buf, size, sequence, quickAck, holdUs, tos, WallClock.micros());
        if (!bounceback.busyPoll().isZero() || BlockingSocket.unavailability(ch) != null) {
            RoundTripper tripper = new RoundTripper(request, periodNs, quickAck, recorder.newWriter(), stamper);
            ch.pipeline().addLast(tripper);
            loop.execute(() -> connected(ch, tripper));
            return;
        }
        LatencyRecorder.Writer writer = recorder.newWriter();
        BlockingSocket.detach(ch).whenComplete((socket, failed) -> {
            if (failed != null) {
                request.release();
                ch.close();
                loop.execute(() -> fail("cannot run the connection on a thread of its own: " + failed));
                return;
            }
            Requester tripper = new BlockingRoundTripper(socket, request, periodNs, quickAck, writer, stamper,
                    "jloadgen-bounceback");
            loop.execute(() -> connected(ch, tripper));
        });
    }

    private void connected(Channel ch, Requester tripper) {
        channels.add(ch);
        trippers.add(tripper);
        if (outcome.isDone()) {
            tripper.close();
            return;
        }
        tripper.ended().thenAccept(why -> {
            if (why != null && !outcome.isDone() && !loop.isShuttingDown()) {
                loop.execute(() -> fail(why));
            }
        });
        if (++connectedCount < config.streams()) {
            return;
        }
        List<StartInfo.Connection> conns = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            conns.add(new StartInfo.Connection(i + 1, (InetSocketAddress) channels.get(i).localAddress(),
                    (InetSocketAddress) channels.get(i).remoteAddress()));
        }
        report.start(config.host(), config.port(), conns, size, bounceback, (int) config.duration().toSeconds(),
                (int) config.omit().toSeconds(), transport.kind().label());
        long omitNs = config.omit().toNanos();
        if (omitNs == 0) {
            startMeasuring();
        }
        for (Requester t : trippers) {
            t.start();
        }
        if (omitNs > 0) {
            OffLoopTimer.runOn(loop, omitNs, () -> {
                if (!outcome.isDone()) {
                    recorder.reset(); // the warm-up's round trips are not reported
                    startMeasuring();
                }
            });
        }
    }

    /** Intervals and the planned end count from now. */
    private void startMeasuring() {
        startNs = System.nanoTime();
        lastTickNs = startNs;
        scheduleTick();
        OffLoopTimer.runOn(loop, config.duration().toNanos(), this::stop);
    }

    private void scheduleTick() {
        long intervalNs = config.interval().toNanos();
        if (intervalNs <= 0) {
            return;
        }
        long due = startNs + (tickIndex + 1) * intervalNs;
        tick = OffLoopTimer.runOn(loop, due - System.nanoTime(), () -> {
            if (stopping || outcome.isDone()) {
                return;
            }
            tickIndex++;
            emit(startNs + tickIndex * intervalNs);
            scheduleTick();
        });
    }

    private void emit(long atNs) {
        LatencySummary s = recorder.interval((atNs - lastTickNs) / 1e9);
        report.interval((lastTickNs - startNs) / 1e9, (atNs - startNs) / 1e9, s);
        lastTickNs = atNs;
    }

    /** The planned end: stop sending, collect the replies still awaited, report. */
    private void stop() {
        if (stopping || outcome.isDone()) {
            return;
        }
        stopping = true;
        if (tick != null) {
            tick.cancel(false);
        }
        long endNs = System.nanoTime();
        List<CompletableFuture<String>> ends = new ArrayList<>();
        for (Requester t : trippers) {
            t.stop();
            ends.add(t.ended());
        }
        ScheduledFuture<?> bound = OffLoopTimer.runOn(loop, config.controlTimeout().toNanos(), () -> finish(endNs));
        CompletableFuture.allOf(ends.toArray(new CompletableFuture<?>[0])).whenComplete((v, t) -> loop.execute(() -> {
            bound.cancel(false);
            finish(endNs);
        }));
    }

    private void finish(long endNs) {
        if (outcome.isDone()) {
            return;
        }
        long now = System.nanoTime();
        // however short, the last interval is reported when intervals are on, so they add up to the total
        if (config.interval().toNanos() > 0 && now > lastTickNs) {
            emit(now);
        } else {
            recorder.interval((now - lastTickNs) / 1e9); // fold the rest into the totals
        }
        double seconds = (endNs - startNs) / 1e9;
        LatencySummary total = recorder.total(seconds);
        report.end(seconds, total, LatencySummary.compressedBase64(recorder.totalCorrectedHistogram()));
        closeAll();
        outcome.complete(new Outcome(null, total, seconds, channels.size()));
    }

    private void fail(String message) {
        if (outcome.isDone()) {
            return;
        }
        if (tick != null) {
            tick.cancel(false);
        }
        report.error(message);
        closeAll();
        outcome.complete(new Outcome(message, null, startNs == 0 ? 0 : (System.nanoTime() - startNs) / 1e9, channels.size()));
    }

    private void closeAll() {
        for (Requester t : trippers) {
            t.close();
        }
    }
}
