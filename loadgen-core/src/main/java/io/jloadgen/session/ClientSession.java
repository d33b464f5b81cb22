package io.jloadgen.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.Direction;
import io.jloadgen.engine.ByteBudget;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.engine.RatePacer;
import io.jloadgen.engine.SocketTuning;
import io.jloadgen.engine.TcpSender;
import io.jloadgen.engine.TcpSink;
import io.jloadgen.host.HostCpuReading;
import io.jloadgen.host.ProcessCpu;
import io.jloadgen.protocol.AuthToken;
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
import io.jloadgen.protocol.UdpHeader;
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

import java.io.IOException;
import java.net.InetAddress;
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
    /**
     * High/low watermarks of a sender's queue: 4 MiB lets Netty gather large writes; 16 MiB cost ~30%. The most a
     * sender queues: each TcpSender shrinks its queue to 20 ms of what its socket accepts (WriteQueueSizer).
     */
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
    /** iperf3 authentication, null when the client sends no token. */
    private final ClientCredentials credentials;
    private ByteBudget budget;
    /** Bytes per write or datagram: the configured size, or for UDP without -l, iperf3's choice (control MSS). */
    private int blockSize;
    private InetSocketAddress server;
    /** -B: the local address of every connection, null for the kernel's choice. */
    private InetAddress bind;
    /** --rcv-timeout: bytes received when last checked, and when they last grew. */
    private long receiveTimeoutMark = -1;
    private long lastReceiveNs;

    private Channel control;
    private EventLoop loop;
    private ControlDeadline deadline;
    private DataStream[] connected;
    private int connectedCount;
    private int sendersDone;
    private boolean runRequested;
    private boolean running;
    private boolean ended;
    /** When our senders' queues drained at the planned end; the clock of an end that also receives stops after the drain. */
    private long sendersFlushedAtNs;
    private boolean awaitingServerResults;
    private Measurement measurement;
    private ProcessCpu.Reading cpuAtStart;
    private io.jloadgen.host.ProcStat hostAtStart;
    private double hostCpuBusyPct = Double.NaN;
    private io.jloadgen.host.CpuUsage localCpu;
    private PeerResults serverResults;

    public ClientSession(ClientConfig config, NettyTransport transport, EventLoopGroup group, ReportWriter writer) {
        this.config = config;
        this.transport = transport;
        this.group = group;
        this.writer = writer;
        this.tuning = new SocketTuning(config.socketBufferBytes(), config.noDelay(), config.mss(), config.congestion(),
                config.tos(), config.fqRateBps(), config.dontFragment());
        tuning.checkSupportedBy(transport);
        this.blockSize = config.blockSize();
        this.credentials = config.auth() == null ? null : ClientCredentials.load(config.auth());
    }

    /** Creates the byte budget once the block size is known (-k counts blocks). */
    private void planBudget() {
        long limit = config.bytesLimit() > 0 ? config.bytesLimit()
                : config.blocksLimit() > 0 ? config.blocksLimit() * blockSize : 0;
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
        try {
            server = ServerAddress.resolve(config.host(), config.port(), config.ipVersion());
        } catch (java.io.IOException e) {
            finish("unable to resolve " + config.host() + ": " + rootMessage(e));
            return outcome;
        }
        try {
            bind = config.bindAddress() == null ? null : InetAddress.getByName(config.bindAddress());
        } catch (java.io.IOException e) {
            finish("-B/--bind: unable to resolve " + config.bindAddress() + ": " + rootMessage(e));
            return outcome;
        }
        (bind == null ? b.connect(server) : b.connect(server, new InetSocketAddress(bind, 0))).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                finish("unable to connect to server " + config.host() + " port " + config.port() + ": "
                        + rootMessage(f.cause()));
                return;
            }
            control = f.channel();
            loop = control.eventLoop();
            if (config.udp() && blockSize == 0) {
                // iperf3 sizes UDP datagrams by the control connection's MSS (32768 on loopback), else 1460
                int mss = SocketTuning.mssOf(control);
                blockSize = mss > 0 ? Math.min(mss, ClientConfig.MAX_UDP_BLOCK) : UdpHeader.DEFAULT_DATAGRAM;
            }
            planBudget();
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

        /** A reset the loop read, if any: reported when the connection closes, after what came before it. */
        private String reset;

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(reset != null ? reset : "the server has unexpectedly closed the connection");
        }

        /**
         * A failed read closes the channel next, and only then does the decoder hand on what it holds: iperf3's
         * server refuses a client with a short SERVER_ERROR and closes, with a reset when our parameters were
         * still unread, so the reason is delivered after the reset. Failing on the reset would lose it.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException && reset == null) {
                reset = rootMessage(cause);
                ctx.close(); // as the transports do after a failed read; makes sure channelInactive follows
                return;
            }
            fail(rootMessage(cause));
        }
    }

    private void onState(ControlMessage.StateMessage msg) {
        switch (msg.state()) {
            case PARAM_EXCHANGE -> {
                ObjectNode json = parameters().toJson();
                if (credentials != null) {
                    json.put(AuthToken.PARAMETER, credentials.token());
                }
                control.writeAndFlush(ControlEncoder.json(control.alloc(), json));
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
                        .thenRun(() -> loop.execute(() -> {
                            stopClockAtLastByte(receivers);
                            sendResults();
                        }));
            }
            case DISPLAY_RESULTS -> {
                control.writeAndFlush(ControlEncoder.state(control.alloc(), State.IPERF_DONE));
                complete();
            }
            case ACCESS_DENIED -> fail("the server is busy running a test. try again later");
            case SERVER_ERROR -> fail(msg.errorCode() == IperfErrors.AUTH_TEST ? authorizationFailed()
                    : "the server reported an error: " + IperfErrors.describe(msg.errorCode(), msg.errno()));
            case SERVER_TERMINATE -> fail("the server has terminated");
            default -> fail("unexpected state " + msg.state() + " from the server");
        }
    }

    /** iperf3's words for IEAUTHTEST, and what to check: the server says no more than that. */
    private String authorizationFailed() {
        if (credentials == null) {
            return "test authorization failed: the server authenticates its clients; give --username and "
                    + "--rsa-public-key-path, with the password in IPERF3_PASSWORD";
        }
        return "test authorization failed: the server refused user '" + credentials.username() + "' (check the password, "
                + "that the public key is the server's, that both clocks agree"
                + (credentials.pkcs1Padding() ? ")" : ", and --use-pkcs1-padding for iperf3 servers before 3.17)");
    }

    private TestParameters parameters() {
        int timeS = config.bytesLimit() > 0 || config.blocksLimit() > 0 ? 0
                : (int) Math.max(1, (config.duration().toMillis() + 999) / 1000);
        return new TestParameters(config.udp(), (int) ((config.omit().toMillis() + 999) / 1000), timeS, config.bytesLimit(),
                config.blocksLimit(), config.streams(), config.direction() == Direction.REVERSE,
                config.direction() == Direction.BIDIR, config.socketBufferBytes(), blockSize,
                config.bitrateBps(), config.mss(), config.noDelay(), config.congestion(), config.title(),
                config.getServerOutput(), "jloadgen/" + Version.get(), true, config.udpCounters64(), config.tos(),
                config.fqRateBps(), config.dontFragment(), config.extraData());
    }

    /** Which streams this end sends on: all (forward), none (reverse), the first half (--bidir). */
    private boolean clientSendsOn(int index) {
        return switch (config.direction()) {
            case FORWARD -> true;
            case REVERSE -> false;
            case BIDIR -> index < config.streams();
        };
    }

    /**
     * iperf3's --cport: stream i binds port + i; with --bidir the receiving streams follow the sending ones. With -B,
     * on that address.
     */
    private InetSocketAddress localFor(int index) {
        if (config.clientPort() == 0 && bind == null) {
            return null;
        }
        int port = config.clientPort() == 0 ? 0 : config.clientPort() + index;
        return bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
    }

    private void createStreams() {
        int count = config.direction() == Direction.BIDIR ? config.streams() * 2 : config.streams();
        connected = new DataStream[count];
        if (config.udp()) {
            createUdpStreams(0);
            return;
        }
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
        if (config.zeroCopy()) {
            b.option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, TcpSender.FILE_REGION_SIZE_ESTIMATOR);
        }
        connectTcpStream(b, 0);
    }

    /**
     * Connects data stream {@code index}, then the next once it is up: one at a time, as iperf3's client does,
     * because the server gives streams their ids and roles (--bidir) in the order it accepts them.
     */
    private void connectTcpStream(Bootstrap b, int index) {
        if (outcome.isDone() || index == connected.length) {
            return;
        }
        InetSocketAddress local = localFor(index);
        ChannelFuture f = local == null ? b.connect(server) : b.connect(server, local);
        f.addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                String refused = SocketTuning.refusal(cf.channel()); // a refused -C names itself
                loop.execute(() -> fail(refused != null ? refused : "unable to connect stream: " + rootMessage(cf.cause())));
                return;
            }
            String refused = tuning.applyConnected(cf.channel());
            if (refused != null) {
                loop.execute(() -> fail(refused));
                return;
            }
            DataStream stream = attach(cf.channel(), index);
            loop.execute(() -> {
                streamConnected(index, stream);
                connectTcpStream(b, index + 1);
            });
        });
    }

    /**
     * UDP streams "connect" one after the other, as iperf3's client does: a stock iperf3 server opens its
     * listener for the next stream only after answering the previous one.
     */
    private void createUdpStreams(int index) {
        if (outcome.isDone()) {
            return;
        }
        if (index == connected.length) {
            return;
        }
        Bootstrap b = new Bootstrap().group(group).channel(transport.datagramChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the connect handshake's handler, then the sender or sink, are added later
                    }
                });
        UdpStreams.configure(b, config.socketBufferBytes(), config.tos());
        UdpStreams.connect(b, server, localFor(index), config.controlTimeout(), blockSize).whenComplete((ch, t) -> {
            if (t != null) {
                loop.execute(() -> fail("unable to set up UDP stream: " + rootMessage(t)));
                return;
            }
            String refused = tuning.applyConnected(ch);
            if (refused != null) {
                loop.execute(() -> fail(refused));
                return;
            }
            int id = StreamResult.idOf(index);
            DataStream stream = clientSendsOn(index)
                    ? UdpStreams.sending(ch, id, blockSize, config.bitrateBps(), budget,
                            () -> loop.execute(this::senderDone), config.udpCounters64(),
                            why -> loop.execute(() -> fail(why)))
                    : UdpStreams.receiving(ch, id, config.udpCounters64());
            loop.execute(() -> {
                streamConnected(index, stream);
                createUdpStreams(index + 1);
            });
        });
    }

    /** Runs on the data channel's loop: sends the cookie and installs the sender or sink. */
    private DataStream attach(Channel ch, int index) {
        ch.writeAndFlush(ControlEncoder.cookie(ch.alloc(), cookie));
        if (config.sendTimeout().toMillis() > 0) {
            SocketTuning.setUserTimeout(ch, (int) config.sendTimeout().toMillis());
        }
        SingleWriterCounter counter = new SingleWriterCounter();
        int id = StreamResult.idOf(index);
        if (clientSendsOn(index)) {
            RatePacer pacer = config.bitrateBps() > 0 ? new RatePacer(config.bitrateBps()) : null;
            Runnable done = () -> loop.execute(this::senderDone);
            TcpSender sender = config.zeroCopy()
                    ? TcpSender.zeroCopy(blockSize, counter, pacer, budget, done)
                    : new TcpSender(blockSize, counter, pacer, budget, done);
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
        writer.start(new StartInfo(config.host(), config.port(), cookie.text(), transport.kind().label(), conns,
                config.udp() ? "UDP" : "TCP", config.streams(), blockSize, (int) config.omit().toSeconds(), (int) config.duration().toSeconds(),
                config.bytesLimit(), config.blocksLimit(), config.direction() == Direction.REVERSE,
                config.direction() == Direction.BIDIR, config.bitrateBps(), config.tos(), config.fqRateBps(), System.currentTimeMillis() / 1000,
                (InetSocketAddress) control.localAddress()));
        cpuAtStart = ProcessCpu.read();
        hostAtStart = HostCpuReading.now();
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
        if (!config.receiveTimeout().isZero() && streams.stream().anyMatch(s -> !s.sending())) {
            checkReceiveTimeout();
        }
    }

    /**
     * iperf3's --rcv-timeout: a test whose receiving streams move no byte for that long has lost its peer.
     * Checked a few times per timeout, so the failure comes at most a quarter of it late.
     */
    private void checkReceiveTimeout() {
        if (ended || outcome.isDone()) {
            return;
        }
        long received = streams.stream().filter(s -> !s.sending()).mapToLong(DataStream::totalBytes).sum();
        long now = System.nanoTime();
        if (received != receiveTimeoutMark || lastReceiveNs == 0) {
            receiveTimeoutMark = received;
            lastReceiveNs = now;
        } else if (now - lastReceiveNs >= config.receiveTimeout().toNanos()) {
            fail("idle timeout for receiving data (--rcv-timeout " + config.receiveTimeout().toMillis() + " ms)");
            return;
        }
        loop.schedule(this::checkReceiveTimeout, Math.max(1, config.receiveTimeout().toMillis() / 4), TimeUnit.MILLISECONDS);
    }

    private void pollReceivedLimit() {
        long limit = config.bytesLimit() > 0 ? config.bytesLimit() : config.blocksLimit() * blockSize;
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
     * The planned end: stop our senders and let them flush, then stop the clock where they drained (so the last
     * interval holds every byte written), then tell the server. Senders half-close, so the receiver knows it has it all.
     */
    private void endTest() {
        if (ended || outcome.isDone()) {
            return;
        }
        ended = true;
        SenderStops.stopAll(streams, config.controlTimeout()).whenComplete((ok, timeout) -> loop.execute(() -> {
            if (outcome.isDone()) {
                return;
            }
            if (timeout != null) {
                fail(SenderStops.stalledMessage(config.blockSize(), config.controlTimeout()));
                return;
            }
            // the window ends when the last sender's queue drained: its bytes count, as the receiver's do
            sendersFlushedAtNs = streams.stream().filter(DataStream::sending)
                    .mapToLong(s -> s.sender().flushedAtNs()).max().orElse(System.nanoTime());
            if (streams.stream().allMatch(DataStream::sending)) {
                measurement.stop(sendersFlushedAtNs);
            }
            localCpu = ProcessCpu.between(cpuAtStart, ProcessCpu.read());
            hostCpuBusyPct = HostCpuReading.busyPctSince(hostAtStart);
            control.writeAndFlush(ControlEncoder.state(control.alloc(), State.TEST_END));
            deadline.arm(config.controlTimeout(), "EXCHANGE_RESULTS");
        }));
    }

    /**
     * An end that receives stops its clock at its last byte, after the drain: bytes still in flight at the planned
     * end count in its total (both ends' totals agree), so its last interval must hold them too, or the intervals
     * would not add up to the total.
     */
    private void stopClockAtLastByte(List<DataStream> receivers) {
        long lastByte = receivers.stream().mapToLong(DataStream::lastReadNs).max().orElse(0);
        measurement.stop(Math.max(sendersFlushedAtNs, lastByte));
    }

    private void sendResults() {
        if (outcome.isDone()) {
            return;
        }
        double window = measurement.windowSeconds();
        boolean anySender = streams.stream().anyMatch(DataStream::sending);
        List<StreamResult> mine = new ArrayList<>();
        for (DataStream s : streams) {
            mine.add(UdpStreams.result(s, s.sending() ? s.windowRetransmits() : -1, window));
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
                rows.add(UdpStreams.withUdp(new StreamSummary(s.id(), true, s.windowBytes(), window, peerBytes, peerSeconds,
                        s.windowRetransmits(), s.maxCwndBytes(), s.minRttUs(), s.maxRttUs(), s.meanRttUs()), s, peer));
            } else {
                rows.add(UdpStreams.withUdp(new StreamSummary(s.id(), false, peerBytes, peerSeconds, s.windowBytes(), window,
                        peer == null ? -1 : peer.retransmits(), 0, 0, 0, 0), s, peer));
            }
        }
        boolean localSends = config.direction() != Direction.REVERSE;
        String ours = streams.isEmpty() ? null : SocketTuning.congestionOf(streams.get(0).channel());
        TestSummary summary = new TestSummary(rows, localCpu,
                new io.jloadgen.host.CpuUsage(serverResults.cpuTotal(), serverResults.cpuUser(), serverResults.cpuSystem()),
                localSends, localSends ? ours : serverResults.congestionUsed(),
                localSends ? serverResults.congestionUsed() : ours).withHostCpuBusyPct(hostCpuBusyPct);
        if (config.getServerOutput()) {
            writer.serverOutput(serverResults.serverOutputText(), serverResults.serverOutputJson());
        }
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
