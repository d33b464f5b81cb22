package io.jloadgen.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.engine.ByteBudget;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.engine.RatePacer;
import io.jloadgen.engine.SocketTuning;
import io.jloadgen.engine.TcpSender;
import io.jloadgen.engine.TcpSink;
import io.jloadgen.host.ProcessCpu;
import io.jloadgen.protocol.ControlDecoder;
import io.jloadgen.protocol.ControlEncoder;
import io.jloadgen.protocol.ControlMessage;
import io.jloadgen.protocol.Cookie;
import io.jloadgen.protocol.JsonCodec;
import io.jloadgen.protocol.PeerResults;
import io.jloadgen.protocol.ProtocolException;
import io.jloadgen.protocol.State;
import io.jloadgen.protocol.StreamResult;
import io.jloadgen.protocol.TestParameters;
import io.jloadgen.stats.SingleWriterCounter;
import io.jloadgen.util.Version;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.FixedRecvByteBufAllocator;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one iperf3 test: connect, exchange parameters, open the data streams, run for the
 * planned time (or bytes), end, exchange results, print. Works against stock iperf3 servers and
 * {@code jloadgen server}.
 *
 * <p>Threading: all session state is confined to the control channel's event loop; data channels live on
 * the loops of the same group and report back by {@code execute} on the control loop.
 */
public final class ClientSession {
    /** High/low watermarks of a sender's queue: 4 MiB lets Netty gather large writes; 16 MiB cost ~30%. */
    public static final WriteBufferWaterMark SEND_WATERMARK = new WriteBufferWaterMark(2 << 20, 4 << 20);

    /**
     * The send queue for a socket buffer of {@code socketBufferBytes} (0 = autotuned): with a small {@code -w}
     * the queue shrinks with it, so a slow stream never has megabytes left to flush when its test ends.
     */
    public static WriteBufferWaterMark sendWatermark(int socketBufferBytes) {
        if (socketBufferBytes <= 0 || socketBufferBytes >= SEND_WATERMARK.high() / 4) {
            return SEND_WATERMARK;
        }
        int high = Math.max(64 * 1024, 4 * socketBufferBytes);
        return new WriteBufferWaterMark(high / 2, high);
    }
    /** Reads of 256 KiB: large enough for few syscalls, small enough for the pooled allocator. */
    public static final int READ_BYTES = 256 * 1024;

    private final ClientConfig config;
    private final NettyTransport transport;
    private final EventLoopGroup group;
    private final ReportWriter writer;
    private final Cookie cookie = Cookie.random();
    private final CompletableFuture<ClientOutcome> outcome = new CompletableFuture<>();
    private final List<DataStream> streams = new ArrayList<>();
    private final ControlDecoder decoder = ControlDecoder.forClient();
    private final SocketTuning tuning;
    private final ByteBudget budget;

    private Channel control;
    private EventLoop loop;
    private ControlDeadline deadline;
    private DataStream[] connected;
    private int connectedCount;
    private int sendersDone;
    private boolean runRequested;
    private boolean running;
    private boolean ended;
    private boolean awaitingServerResults;
    private Measurement measurement;
    private ProcessCpu.Reading cpuAtStart;
    private io.jloadgen.host.CpuUsage localCpu;
    private PeerResults serverResults;

    public ClientSession(ClientConfig config, NettyTransport transport, EventLoopGroup group, ReportWriter writer) {
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.writer = writer;
        this.tuning = new SocketTuning(config.socketBufferBytes(), config.noDelay(), config.mss(), config.congestion());
        tuning.checkSupportedBy(transport);
        long limit = config.bytesLimit() > 0 ? config.bytesLimit()
                : config.blocksLimit() > 0 ? config.blocksLimit() * config.blockSize() : 0;
        this.budget = limit > 0 && config.direction() != Direction.REVERSE ? new ByteBudget(limit) : null;
    }

    /** Runs the test; the future completes (never exceptionally) when it has ended. */
    public CompletableFuture<ClientOutcome> run() {
        Bootstrap b = new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(decoder, new ControlHandler());
                    }
                });
        b.connect(config.host(), config.port()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                finish("unable to connect to server " + config.host() + " port " + config.port() + ": "
                        + rootMessage(f.cause()));
                return;
            }
            control = f.channel();
            loop = control.eventLoop();
            deadline = new ControlDeadline(loop, what -> fail("timed out waiting for " + what + " from the server"));
            control.writeAndFlush(ControlEncoder.cookie(control.alloc(), cookie));
            deadline.arm(config.controlTimeout(), "PARAM_EXCHANGE");
        });
        return outcome;
    }

    private final class ControlHandler extends SimpleChannelInboundHandler<ControlMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ControlMessage msg) {
            if (outcome.isDone()) {
                return;
            }
            if (msg instanceof ControlMessage.StateMessage s) {
                onState(s);
            } else if (msg instanceof ControlMessage.JsonMessage j && awaitingServerResults) {
                onServerResults(j.json());
            } else {
                fail("unexpected message from the server: " + msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("the server has unexpectedly closed the connection");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(rootMessage(cause));
        }
    }

    private void onState(ControlMessage.StateMessage msg) {
        switch (msg.state()) {
            case PARAM_EXCHANGE -> {
                control.writeAndFlush(ControlEncoder.json(control.alloc(), parameters().toJson()));
                deadline.arm(config.controlTimeout(), "CREATE_STREAMS");
            }
            case CREATE_STREAMS -> {
                deadline.arm(config.controlTimeout(), "TEST_START");
                createStreams();
            }
            case TEST_START -> deadline.arm(config.controlTimeout(), "TEST_RUNNING");
            case TEST_RUNNING -> {
                deadline.disarm();
                runRequested = true;
                maybeStart();
            }
            case EXCHANGE_RESULTS -> {
                deadline.arm(config.controlTimeout(), "the server's results");
                List<DataStream> receivers = streams.stream().filter(s -> !s.sending()).toList();
                StreamDrain.drain(receivers, loop)
                        .thenRun(() -> loop.execute(this::sendResults));
            }
            case DISPLAY_RESULTS -> {
                control.writeAndFlush(ControlEncoder.state(control.alloc(), State.IPERF_DONE));
                complete();
            }
            case ACCESS_DENIED -> fail("the server is busy running a test. try again later");
            case SERVER_ERROR -> fail("the server reported an error: " + IperfErrors.describe(msg.errorCode(), msg.errno()));
            case SERVER_TERMINATE -> fail("the server has terminated");
            default -> fail("unexpected state " + msg.state() + " from the server");
        }
    }

    private TestParameters parameters() {
        int timeS = config.bytesLimit() > 0 || config.blocksLimit() > 0 ? 0
                : (int) Math.max(1, (config.duration().toMillis() + 999) / 1000);
        return new TestParameters(false, (int) ((config.omit().toMillis() + 999) / 1000), timeS, config.bytesLimit(),
                config.blocksLimit(), config.streams(), config.direction() == Direction.REVERSE,
                config.direction() == Direction.BIDIR, config.socketBufferBytes(), config.blockSize(),
                config.bitrateBps(), config.mss(), config.noDelay(), config.congestion(), config.title(), false,
                "jloadgen/" + Version.get(), true);
    }

    /** Which streams this end sends on: all (forward), none (reverse), the first half (--bidir). */
    private boolean clientSendsOn(int index) {
        return switch (config.direction()) {
            case FORWARD -> true;
            case REVERSE -> false;
            case BIDIR -> index < config.streams();
        };
    }

    private void createStreams() {
        int count = config.direction() == Direction.BIDIR ? config.streams() * 2 : config.streams();
        connected = new DataStream[count];
        Bootstrap b = new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, sendWatermark(config.socketBufferBytes()))
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BYTES))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // handlers are added once the stream's role is known, after connect
                    }
                });
        tuning.applyTo(b);
        connectStream(b, 0);
    }

    /**
     * Opens data connections one after another, as iperf3 does: servers give streams their roles and ids
     * in the order they accept them, so the order must be the client's.
     */
    private void connectStream(Bootstrap b, int index) {
        ChannelFuture f = b.connect(config.host(), config.port());
        f.addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                loop.execute(() -> fail("unable to connect stream: " + rootMessage(cf.cause())));
                return;
            }
            DataStream stream = attach(cf.channel(), index);
            loop.execute(() -> {
                streamConnected(index, stream);
                if (index + 1 < connected.length && !outcome.isDone()) {
                    connectStream(b, index + 1);
                }
            });
        });
    }

    /** Runs on the data channel's loop: sends the cookie and installs the sender or sink. */
    private DataStream attach(Channel ch, int index) {
        ch.writeAndFlush(ControlEncoder.cookie(ch.alloc(), cookie));
        SingleWriterCounter counter = new SingleWriterCounter();
        int id = StreamResult.idOf(index);
        if (clientSendsOn(index)) {
            RatePacer pacer = config.bitrateBps() > 0 ? new RatePacer(config.bitrateBps()) : null;
            TcpSender sender = new TcpSender(config.blockSize(), counter, pacer, budget,
                    () -> loop.execute(this::senderDone));
            ch.pipeline().addLast(sender);
            return new DataStream(id, ch, counter, sender, null);
        }
        TcpSink sink = new TcpSink(counter);
        ch.pipeline().addLast(sink);
        return new DataStream(id, ch, counter, null, sink);
    }

    private void streamConnected(int index, DataStream stream) {
        if (outcome.isDone()) {
            stream.channel().close();
            return;
        }
        connected[index] = stream;
        connectedCount++;
        if (connectedCount == connected.length) {
            streams.addAll(Arrays.asList(connected));
            maybeStart();
        }
    }

    private void maybeStart() {
        if (!runRequested || running || connected == null || connectedCount < connected.length) {
            return;
        }
        running = true;
        List<StartInfo.Connection> conns = streams.stream()
                .map(s -> new StartInfo.Connection(s.id(), s.localAddress(), s.remoteAddress())).toList();
        writer.start(new StartInfo(config.host(), config.port(), cookie.text(), transport.kind().label(), conns, "TCP",
                config.streams(), config.blockSize(), (int) config.omit().toSeconds(), (int) config.duration().toSeconds(),
                config.bytesLimit(), config.blocksLimit(), config.direction() == Direction.REVERSE,
                config.direction() == Direction.BIDIR, config.bitrateBps(), System.currentTimeMillis() / 1000,
                (InetSocketAddress) control.localAddress()));
        cpuAtStart = ProcessCpu.read();
        long durationNs = budget != null || config.bytesLimit() > 0 || config.blocksLimit() > 0 ? 0 : config.duration().toNanos();
        measurement = new Measurement(streams, config.interval().toNanos(), config.omit().toNanos(), durationNs,
                System::nanoTime, loop, writer::interval, this::endTest);
        measurement.start();
        long stopAtNs = measurement.plannedEndNs();
        for (DataStream s : streams) {
            if (s.sending()) {
                s.sender().start(stopAtNs);
            }
        }
        if (budget == null && durationNs == 0) {
            pollReceivedLimit(); // -n/-k in reverse mode: the server sends, we count
        }
    }

    private void pollReceivedLimit() {
        long limit = config.bytesLimit() > 0 ? config.bytesLimit() : config.blocksLimit() * config.blockSize();
        long received = streams.stream().mapToLong(DataStream::totalBytes).sum();
        if (received >= limit) {
            endTest();
        } else if (!ended && !outcome.isDone()) {
            loop.schedule(this::pollReceivedLimit, 10, TimeUnit.MILLISECONDS);
        }
    }

    private void senderDone() {
        sendersDone++;
        if (sendersDone == streams.stream().filter(DataStream::sending).count()) {
            endTest();
        }
    }

    /**
     * The planned end: stop our senders and let them flush, then stop the clock (so the last interval holds
     * every byte written), then tell the server. Senders half-close, so the receiver knows it has it all.
     */
    private void endTest() {
        if (ended || outcome.isDone()) {
            return;
        }
        ended = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (DataStream s : streams) {
            if (s.sending()) {
                stops.add(s.sender().stop(true));
            }
        }
        long drainNs = config.controlTimeout().toNanos();
        CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).orTimeout(drainNs, TimeUnit.NANOSECONDS)
                .whenComplete((ok, timeout) -> loop.execute(() -> {
            if (outcome.isDone()) {
                return;
            }
            if (timeout != null) {
                fail("the data streams did not take their last " + config.blockSize() + "-byte blocks within "
                        + config.controlTimeout().toSeconds() + " s of the test's end (peer stalled?)");
                return;
            }
            long stoppedAt = streams.stream().filter(DataStream::sending)
                    .mapToLong(s -> s.sender().stoppedAtNs()).max().orElse(System.nanoTime());
            measurement.stop(stoppedAt);
            localCpu = ProcessCpu.between(cpuAtStart, ProcessCpu.read());
            control.writeAndFlush(ControlEncoder.state(control.alloc(), State.TEST_END));
            deadline.arm(config.controlTimeout(), "EXCHANGE_RESULTS");
        }));
    }

    private void sendResults() {
        if (outcome.isDone()) {
            return;
        }
        double window = measurement.windowSeconds();
        boolean anySender = streams.stream().anyMatch(DataStream::sending);
        List<StreamResult> mine = new ArrayList<>();
        for (DataStream s : streams) {
            mine.add(new StreamResult(s.id(), s.windowBytes(), s.sending() ? s.windowRetransmits() : -1, 0, 0, 0, 0, window));
        }
        int hasRetransmits = !anySender ? -1 : transport.isNative() ? 1 : 0;
        String congestion = streams.isEmpty() ? null : SocketTuning.congestionOf(streams.get(0).channel());
        PeerResults results = new PeerResults(localCpu.totalPct(), localCpu.userPct(), localCpu.systemPct(),
                hasRetransmits, congestion, mine, null, null);
        control.writeAndFlush(ControlEncoder.json(control.alloc(), results.toJson()));
        awaitingServerResults = true;
        decoder.expectJson(JsonCodec.MAX_RESULTS_BYTES);
    }

    private void onServerResults(JsonNode json) {
        try {
            serverResults = PeerResults.fromJson(json);
        } catch (ProtocolException e) {
            fail("unreadable results from the server: " + e.getMessage());
            return;
        }
        awaitingServerResults = false;
        decoder.expectState();
        deadline.arm(config.controlTimeout(), "DISPLAY_RESULTS");
    }

    private void complete() {
        deadline.disarm();
        double window = measurement.windowSeconds();
        List<StreamSummary> rows = new ArrayList<>();
        for (DataStream s : streams) {
            StreamResult peer = serverResults.streams().stream().filter(r -> r.id() == s.id()).findFirst().orElse(null);
            long peerBytes = peer == null ? 0 : peer.bytes();
            double peerSeconds = peer == null ? 0 : peer.endTime() - peer.startTime();
            if (s.sending()) {
                rows.add(new StreamSummary(s.id(), true, s.windowBytes(), window, peerBytes, peerSeconds,
                        s.windowRetransmits(), s.maxCwndBytes(), s.minRttUs(), s.maxRttUs(), s.meanRttUs()));
            } else {
                rows.add(new StreamSummary(s.id(), false, peerBytes, peerSeconds, s.windowBytes(), window,
                        peer == null ? -1 : peer.retransmits(), 0, 0, 0, 0));
            }
        }
        boolean localSends = config.direction() != Direction.REVERSE;
        String ours = streams.isEmpty() ? null : SocketTuning.congestionOf(streams.get(0).channel());
        TestSummary summary = new TestSummary(rows, localCpu,
                new io.jloadgen.host.CpuUsage(serverResults.cpuTotal(), serverResults.cpuUser(), serverResults.cpuSystem()),
                localSends, localSends ? ours : serverResults.congestionUsed(),
                localSends ? serverResults.congestionUsed() : ours);
        writer.end(summary);
        closeAll();
        outcome.complete(new ClientOutcome(null, summary, measurement.intervals(), window, transport.kind().label()));
    }

    private void fail(String message) {
        if (outcome.isDone()) {
            return;
        }
        if (deadline != null) {
            deadline.disarm();
        }
        if (measurement != null) {
            measurement.stop();
        }
        if (control != null && control.isActive()) {
            control.writeAndFlush(ControlEncoder.state(control.alloc(), State.CLIENT_TERMINATE));
        }
        finish(message);
    }

    private void finish(String error) {
        writer.error(error);
        closeAll();
        outcome.complete(new ClientOutcome(error, null, measurement == null ? List.of() : measurement.intervals(),
                measurement == null ? 0 : measurement.windowSeconds(), transport.kind().label()));
    }

    private void closeAll() {
        for (DataStream s : streams) {
            s.channel().close();
        }
        if (connected != null) {
            for (DataStream s : connected) {
                if (s != null) {
                    s.channel().close();
                }
            }
        }
        if (control != null) {
            control.close();
        }
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }
}
