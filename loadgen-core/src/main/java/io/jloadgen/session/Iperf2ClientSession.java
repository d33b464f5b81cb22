package io.jloadgen.session;

import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.engine.ByteBudget;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.engine.RatePacer;
import io.jloadgen.engine.SocketTuning;
import io.jloadgen.engine.TcpSender;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.host.ProcessCpu;
import io.jloadgen.protocol.Iperf2Header;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A throughput test against a plain iperf 2 server ({@code iperf -s}), which only receives and reports
 * nothing back: N TCP connections, each starting with iperf 2.1.8's test header (so the server knows the
 * thread count and test time, and answers with its acknowledgement, which the sender discards), then
 * blocks as fast as allowed, for {@code -t} or {@code -n}/{@code -k}. Sender figures come from this end
 * (header bytes included, as iperf 2 counts them); receiver figures are reported as unknown.
 *
 * <p>Threading: the session's state is confined to one event loop of the group; data channels live on
 * the loops of the same group and report back by {@code execute}.
 */
public final class Iperf2ClientSession {
    private final ClientConfig config;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final ReportWriter writer;
    private final EventLoop loop;
    private final SocketTuning tuning;
    private final ByteBudget budget;
    private final CompletableFuture<ClientOutcome> outcome = new CompletableFuture<>();
    private final List<DataStream> streams = new ArrayList<>();

    private DataStream[] connected;
    private int connectedCount;
    private int sendersDone;
    /** Written on the session's loop; read by close listeners on the streams' loops. */
    private volatile boolean ended;
    private Measurement measurement;
    private ProcessCpu.Reading cpuAtStart;

    public Iperf2ClientSession(ClientConfig config, NettyTransport transport, EventLoopGroup group, ReportWriter writer) {
        if (config.direction() != Direction.FORWARD) {
            throw new IllegalArgumentException("--iperf2: an iperf 2 server only receives; -R and --bidir need an iperf3 or jloadgen server");
        }
        if (config.auth() != null) {
            throw new IllegalArgumentException("--iperf2: iperf 2 has no authentication; --username needs an iperf3 or jloadgen server");
        }
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.writer = writer;
        this.loop = group.next();
        this.tuning = new SocketTuning(config.socketBufferBytes(), config.noDelay(), config.mss(), config.congestion(),
                config.tos(), config.fqRateBps(), config.dontFragment());
        tuning.checkSupportedBy(transport);
        long limit = config.bytesLimit() > 0 ? config.bytesLimit()
                : config.blocksLimit() > 0 ? config.blocksLimit() * config.blockSize() : 0;
        this.budget = limit > 0 ? new ByteBudget(limit) : null;
    }

    /** Runs the test; the future completes (never exceptionally) when it has ended. */
    public CompletableFuture<ClientOutcome> run() {
        loop.execute(this::connect);
        return outcome;
    }

    private void connect() {
        connected = new DataStream[config.streams()];
        Bootstrap b = new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, ClientSession.SEND_WATERMARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the sender is added once connected
                    }
                });
        tuning.applyTo(b);
        if (config.bindAddress() != null) {
            b.localAddress(config.bindAddress(), 0);
        }
        for (int i = 0; i < connected.length; i++) {
            int index = i;
            b.connect(config.host(), config.port()).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    String refused = SocketTuning.refusal(f.channel()); // a refused -C names itself
                    loop.execute(() -> fail(refused != null ? refused : "unable to connect to " + config.host() + " port "
                            + config.port() + ": " + ClientSession.rootMessage(f.cause())));
                    return;
                }
                String refused = tuning.applyConnected(f.channel());
                if (refused != null) {
                    loop.execute(() -> fail(refused));
                    return;
                }
                DataStream stream = attach(f.channel(), index);
                loop.execute(() -> streamConnected(index, stream));
            });
        }
    }

    /** Runs on the data channel's loop, the counter's one writer: writes the header, installs the sender. */
    private DataStream attach(Channel ch, int index) {
        SingleWriterCounter counter = new SingleWriterCounter();
        ByteBuf header = ch.alloc().buffer(Iperf2Header.CLIENT_LENGTH);
        long durationMs = budget != null ? 0 : config.duration().plus(config.omit()).toMillis();
        Iperf2Header.encodeClient(header, config.streams(), config.port(), config.blockSize(), durationMs,
                budget != null ? config.bytesLimit() : 0);
        ch.write(header);
        counter.add(Iperf2Header.CLIENT_LENGTH);
        RatePacer pacer = config.bitrateBps() > 0 ? new RatePacer(config.bitrateBps()) : null;
        TcpSender sender = new TcpSender(config.blockSize(), counter, pacer, budget, () -> loop.execute(this::senderDone));
        ch.pipeline().addLast(sender);
        ch.closeFuture().addListener(f -> {
            if (ended || loop.isShuttingDown()) {
                return; // our own close at the end (the group may be going away)
            }
            loop.execute(() -> {
                if (!ended) {
                    fail("the iperf 2 server closed stream " + (index + 1) + " before the end of the test");
                }
            });
        });
        return new DataStream(index + 1, ch, counter, sender, null);
    }

    private void streamConnected(int index, DataStream stream) {
        if (outcome.isDone()) {
            stream.channel().close();
            return;
        }
        connected[index] = stream;
        if (++connectedCount < connected.length) {
            return;
        }
        streams.addAll(Arrays.asList(connected));
        List<StartInfo.Connection> conns = streams.stream()
                .map(s -> new StartInfo.Connection(s.id(), s.localAddress(), s.remoteAddress())).toList();
        writer.start(new StartInfo(config.host(), config.port(), "", transport.kind().label(), conns, "TCP",
                config.streams(), config.blockSize(), (int) config.omit().toSeconds(), (int) config.duration().toSeconds(),
                config.bytesLimit(), config.blocksLimit(), false, false, config.bitrateBps(), config.tos(),
                config.fqRateBps(), System.currentTimeMillis() / 1000, streams.get(0).localAddress()));
        cpuAtStart = ProcessCpu.read();
        long durationNs = budget != null ? 0 : config.duration().toNanos();
        measurement = new Measurement(streams, config.interval().toNanos(), config.omit().toNanos(), durationNs,
                System::nanoTime, loop, writer::interval, this::endTest);
        measurement.start();
        for (DataStream s : streams) {
            s.sender().start(measurement.plannedEndNs());
        }
    }

    private void senderDone() {
        if (++sendersDone == streams.size()) {
            endTest();
        }
    }

    /** Stops the senders, lets them flush and half-close (iperf 2's server then closes), then reports. */
    private void endTest() {
        if (ended || outcome.isDone()) {
            return;
        }
        ended = true;
        SenderStops.stopAll(streams, config.controlTimeout()).whenComplete((ok, timeout) -> loop.execute(() -> {
            if (timeout != null) {
                fail(SenderStops.stalledMessage(config.blockSize(), config.controlTimeout()));
            } else {
                complete();
            }
        }));
    }

    private void complete() {
        if (outcome.isDone()) {
            return;
        }
        measurement.stop();
        CpuUsage localCpu = ProcessCpu.between(cpuAtStart, ProcessCpu.read());
        double window = measurement.windowSeconds();
        List<StreamSummary> rows = new ArrayList<>();
        for (DataStream s : streams) {
            rows.add(new StreamSummary(s.id(), true, s.windowBytes(), window, -1, 0, s.windowRetransmits(),
                    s.maxCwndBytes(), s.minRttUs(), s.maxRttUs(), s.meanRttUs()));
        }
        String congestion = SocketTuning.congestionOf(streams.get(0).channel());
        TestSummary summary = new TestSummary(rows, localCpu, CpuUsage.UNKNOWN, true, congestion, null);
        writer.end(summary);
        closeAll();
        outcome.complete(new ClientOutcome(null, summary, measurement.intervals(), window, transport.kind().label()));
    }

    private void fail(String message) {
        if (outcome.isDone()) {
            return;
        }
        ended = true;
        if (measurement != null) {
            measurement.stop();
        }
        writer.error(message);
        closeAll();
        outcome.complete(new ClientOutcome(message, null, measurement == null ? List.of() : measurement.intervals(),
                measurement == null ? 0 : measurement.windowSeconds(), transport.kind().label()));
    }

    private void closeAll() {
        if (connected != null) {
            for (DataStream s : connected) {
                if (s != null) {
                    s.channel().close();
                }
            }
        }
    }
}
