package io.jloadgen.session;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.LatencyProbeConfig;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.engine.RoundTripper;
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
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Round trips under load: one bounceback connection (iperf 2.1's format, TCP_NODELAY, quick ACKs) beside a
 * throughput test's streams, on the same server port, sending a {@value LatencyProbeConfig#REQUEST_BYTES}-byte
 * request every period. Round trips are recorded as measured, without bounceback's coordinated-omission
 * correction: what the probe measures is the network's queue, which stays as long while the probe waits
 * (see {@link LatencyRecorder#asMeasured}), so its median agrees with ping's. {@link #open} checks that the server echoes at all before the test starts: jloadgen
 * servers and iperf 2.1+ do, a stock iperf3 server cannot.
 *
 * <p>Threading: {@link #open} from any thread; {@link #reset}, {@link #interval} and {@link #finish} from one
 * reporting thread at a time; the connection records on its own event loop.
 */
public final class LatencyProbe {
    private final String host;
    private final int port;
    private final int tos;
    private final String bindAddress;
    private final LatencyProbeConfig config;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final Duration timeout;
    private final LatencyRecorder recorder = LatencyRecorder.asMeasured();
    private volatile Channel channel;
    private volatile RoundTripper tripper;
    private volatile boolean finished;
    private volatile String failureAtFinish;

    /** A probe to the test's server, marked ({@code -S}) and bound ({@code -B}) as the test's own connections. */
    public LatencyProbe(ClientConfig test, LatencyProbeConfig config, NettyTransport transport, EventLoopGroup group) {
        this.host = test.host();
        this.port = test.port();
        this.tos = test.tos();
        this.bindAddress = test.bindAddress();
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.timeout = test.connectTimeout();
    }

    /**
     * Connects and starts probing; completes with null once the server has echoed a request, or with a
     * one-line reason (the probe is then closed). Bounded by the timeout given at construction.
     */
    public CompletableFuture<String> open() {
        CompletableFuture<String> result = new CompletableFuture<>();
        int size = LatencyProbeConfig.REQUEST_BYTES;
        Bootstrap b = new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the round tripper is added once connected
                    }
                });
        if (tos > 0) {
            b.option(ChannelOption.IP_TOS, tos);
        }
        if (bindAddress != null) {
            b.localAddress(bindAddress, 0);
        }
        b.connect(host, port).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.complete("latency probe: unable to connect to " + host + " port " + port + ": "
                        + ClientSession.rootMessage(f.cause()));
                return;
            }
            Channel ch = f.channel();
            ByteBuf request = ch.alloc().directBuffer(size, size);
            BouncebackHeader.fillRequest(request, size);
            RoundTripper t = new RoundTripper(request, config.period().toNanos(), true, recorder.newWriter(),
                    (buf, sequence) -> BouncebackHeader.stampRequest(buf, size, sequence, true, 0, tos, WallClock.micros()));
            ch.pipeline().addLast(t);
            channel = ch;
            tripper = t;
            t.firstReply().thenRun(() -> result.complete(null));
            t.ended().thenAccept(why -> result.complete(notEchoed(why == null ? "it closed the connection" : why)));
            ScheduledFuture<?> bound = ch.eventLoop().schedule(
                    () -> result.complete(notEchoed("no echo within " + timeout.toMillis() + " ms")),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((error, e) -> bound.cancel(false));
            t.start();
        });
        return result.thenApply(error -> {
            if (error != null) {
                close();
            }
            return error;
        });
    }

    private String notEchoed(String detail) {
        return "the latency probe needs jloadgen server or iperf 2.1+ (iperf -s) on " + host + " port " + port
                + ": the server did not echo a bounceback request (" + detail + "); a stock iperf3 server cannot";
    }

    /** Forgets what was recorded so far: the measured window starts now. */
    public void reset() {
        recorder.reset();
    }

    /** Round trips since the previous interval (or reset), over {@code seconds}. */
    public LatencySummary interval(double seconds) {
        return recorder.interval(seconds);
    }

    /**
     * Stops probing and summarises the window. With {@code tail}, what came since the last interval joins the
     * total (no intervals were cut); without, the window ended with the last interval, and later round trips,
     * made while the test drained and exchanged results without load, are left out.
     */
    public LatencySummary finish(double seconds, boolean tail) {
        if (tail) {
            recorder.interval(0);
        }
        failureAtFinish = currentFailure(); // before closing: our own close is no failure
        finished = true;
        close();
        return recorder.total(seconds);
    }

    /** The window's round trips, as measured, as HdrHistogram's compressed base64. */
    public String histogramBase64() {
        return LatencySummary.compressedBase64(recorder.totalCorrectedHistogram());
    }

    /** Whether the probe's connection failed during the test, and why; null if it is fine. */
    public String failure() {
        return finished ? failureAtFinish : currentFailure();
    }

    private String currentFailure() {
        RoundTripper t = tripper;
        return t != null && t.ended().isDone() ? t.ended().getNow(null) : null;
    }

    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
