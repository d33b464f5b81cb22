package io.jloadgen.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.jloadgen.engine.ByteBudget;
import io.jloadgen.engine.RatePacer;
import io.jloadgen.engine.SocketTuning;
import io.jloadgen.engine.UdpSender;
import io.jloadgen.engine.TcpSender;
import io.jloadgen.engine.TcpSink;
import io.jloadgen.host.CpuUsage;
import io.jloadgen.host.ProcessCpu;
import io.jloadgen.protocol.ControlDecoder;
import io.jloadgen.protocol.ControlEncoder;
import io.jloadgen.protocol.ControlMessage;
import io.jloadgen.protocol.JsonCodec;
import io.jloadgen.protocol.PeerResults;
import io.jloadgen.protocol.ProtocolException;
import io.jloadgen.protocol.State;
import io.jloadgen.protocol.StreamResult;
import io.jloadgen.protocol.TestParameters;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server side of one iperf3 test, from the cookie to IPERF_DONE. Several run at once on one server,
 * each independent. Every wait is bounded: parameters, streams and results by the control timeout, the
 * running test by its own length plus a grace period.
 *
 * <p>Threading: state is confined to the control channel's event loop; data streams are set up on their
 * own loops ({@link #acceptStream}) and reported here by {@code execute}.
 */
public final class ServerTest {
    private static final Duration RUNNING_GRACE = Duration.ofSeconds(30);

    private final ServerContext server;
    private final String cookie;
    private final Channel control;
    private final EventLoop loop;
    private final ControlDecoder decoder;
    private final ControlDeadline deadline;
    private final int number;
    private final AtomicInteger streamsClaimed = new AtomicInteger();
    private final List<DataStream> streams = new ArrayList<>();
    private final String peer;
    private final java.net.InetAddress peerAddress;

    private volatile TestParameters params;
    private volatile boolean acceptingStreams;
    private DataStream[] arrived;
    private int arrivedCount;
    private int readyCount;
    private final List<Channel> pending = new ArrayList<>();
    private Measurement measurement;
    private ReportWriter writer;
    private ByteArrayOutputStream outputCopy;
    private ProcessCpu.Reading cpuAtStart;
    private CpuUsage cpu = CpuUsage.UNKNOWN;
    private ByteBudget budget;
    private boolean ending;
    private boolean done;
    private boolean closed;
    private String error;
    private TestSummary summary;

    ServerTest(ServerContext server, String cookie, Channel control, ControlDecoder decoder) {
        this.server = server;
        this.cookie = cookie;
        this.control = control;
        this.loop = control.eventLoop();
        this.decoder = decoder;
        this.number = server.nextTestNumber();
        this.peer = ConnectionRouter.peer(control);
        this.peerAddress = control.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        this.deadline = new ControlDeadline(loop, what -> end("timed out waiting for " + what));
    }

    /** The test's number on this server, counted from 1. */
    public int number() {
        return number;
    }

    /** Why the test failed, or null when it completed. */
    public String error() {
        return error;
    }

    /** Totals of both ends, null unless the test completed. */
    public TestSummary summary() {
        return summary;
    }

    ChannelInboundHandler controlHandler() {
        return new SimpleChannelInboundHandler<ControlMessage>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ControlMessage msg) {
                onMessage(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                end(done ? null : "the client closed the control connection");
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                refuse(IperfErrors.CTRL_READ, ClientSession.rootMessage(cause));
            }
        };
    }

    void begin() {
        server.log("test #" + number + ": accepted connection from " + peer);
        control.writeAndFlush(ControlEncoder.state(control.alloc(), State.PARAM_EXCHANGE));
        decoder.expectJson(JsonCodec.MAX_PARAMETERS_BYTES);
        deadline.arm(server.config().controlTimeout(), "parameters");
    }

    private void onMessage(ControlMessage msg) {
        if (done) {
            return;
        }
        if (msg instanceof ControlMessage.JsonMessage j) {
            if (params == null) {
                onParameters(j.json());
            } else {
                onClientResults(j.json());
            }
            return;
        }
        ControlMessage.StateMessage s = (ControlMessage.StateMessage) msg;
        switch (s.state()) {
            case TEST_END -> onTestEnd();
            case IPERF_DONE -> {
                if (summary == null) {
                    refuse(IperfErrors.UNKNOWN_MESSAGE, "IPERF_DONE before the results were exchanged");
                    return;
                }
                done = true;
                end(null);
            }
            case CLIENT_TERMINATE -> end("the client terminated the test");
            default -> refuse(IperfErrors.UNKNOWN_MESSAGE, "unexpected state " + s.state());
        }
    }

    private void onParameters(JsonNode json) {
        try {
            params = TestParameters.fromJson(json);
        } catch (ProtocolException e) {
            refuse(IperfErrors.RECV_PARAMETERS, "bad parameters: " + e.getMessage());
            return;
        }
        String denied = server.authenticate(json);
        if (denied != null) {
            refuse(IperfErrors.AUTH_TEST, "authentication failed: " + denied);
            return;
        }
        LimitCheck.Refusal overLimit = LimitCheck.check(server.config().limits(), params);
        if (overLimit != null) {
            refuse(overLimit.iperfError(), overLimit.reason());
            return;
        }
        if (params.udp() && !server.udpAvailable()) {
            refuse(IperfErrors.RECV_PARAMETERS, "this server cannot listen for UDP on its port");
            return;
        }
        try {
            tuning().checkSupportedBy(server.transport());
        } catch (IllegalArgumentException e) {
            refuse(IperfErrors.RECV_PARAMETERS, e.getMessage());
            return;
        }
        long limit = params.bytes() > 0 ? params.bytes() : params.blocks() * params.len();
        budget = limit > 0 && (params.reverse() || params.bidirectional()) ? new ByteBudget(limit) : null;
        arrived = new DataStream[params.dataConnections()];
        decoder.expectState();
        acceptingStreams = true;
        control.writeAndFlush(ControlEncoder.state(control.alloc(), State.CREATE_STREAMS));
        deadline.arm(server.config().controlTimeout(), params.dataConnections() + " data connections");
    }

    /**
     * Sets the options of a connected data socket ({@link SocketTuning#applyConnected}); one the kernel refuses gets
     * a warning and the stream runs without it, as iperf3's server does with a pacing rate.
     */
    void applyConnected(Channel ch) {
        String why = tuning().applyConnected(ch);
        if (why != null) {
            server.log("test #" + number + " (" + peer + "): warning: " + why + "; the stream runs without it");
        }
    }

    SocketTuning tuning() {
        return new SocketTuning(params.window(), params.noDelay(), 0, params.congestion(), params.tos(), params.fqRate(),
                params.dontFragment());
    }

    /**
     * Claims a data connection for this test; runs on the data channel's loop. Returns false when the
     * test expects no more streams.
     */
    boolean acceptStream(Channel ch, ControlDecoder dataDecoder) {
        if (!acceptingStreams || streamsClaimed.getAndIncrement() >= arrived.length) {
            return false;
        }
        // Roles and ids follow the order the connections were accepted in (as iperf3's single-threaded
        // server sees them), which routing on several event loops does not preserve: hold the stream
        // until all have arrived and the order is known.
        ch.config().setAutoRead(false);
        ch.pipeline().remove(ConnectionRouter.class);
        ch.pipeline().remove(dataDecoder);
        loop.execute(() -> streamArrived(ch));
        return true;
    }

    private void streamArrived(Channel ch) {
        if (done || ending) {
            ch.close();
            return;
        }
        arrivedCount++;
        pending.add(ch);
        if (pending.size() < arrived.length) {
            return;
        }
        acceptingStreams = false;
        pending.sort(java.util.Comparator.comparingLong(AcceptOrder::of));
        for (int i = 0; i < pending.size(); i++) {
            int index = i;
            Channel c = pending.get(i);
            c.eventLoop().execute(() -> {
                DataStream stream;
                try {
                    stream = install(c, index);
                } catch (SocketTuning.CongestionRefusedException e) {
                    loop.execute(() -> refuse(IperfErrors.SET_CONGESTION, e.getMessage()));
                    return;
                } catch (RuntimeException e) {
                    loop.execute(() -> refuse(IperfErrors.STREAM_ACCEPT, "socket options: " + e.getMessage()));
                    return;
                }
                loop.execute(() -> streamReady(index, stream));
            });
        }
    }

    /** Sets up a data stream in its role; runs on the stream's own event loop. */
    private DataStream install(Channel ch, int index) {
        boolean serverSends = params.bidirectional() ? index >= params.parallel() : params.reverse();
        SingleWriterCounter counter = new SingleWriterCounter();
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        tuning().applyTo(ch);
        applyConnected(ch);
        DataStream stream;
        if (serverSends) {
            ch.config().setWriteBufferWaterMark(ClientSession.sendWatermark(params.window()));
            RatePacer pacer = params.bandwidth() > 0 ? new RatePacer(params.bandwidth()) : null;
            TcpSender sender = new TcpSender(params.len(), counter, pacer, budget, () -> { });
            ch.pipeline().addLast(sender);
            stream = new DataStream(StreamResult.idOf(index), ch, counter, sender, null);
        } else {
            ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(ClientSession.READ_BYTES));
            TcpSink sink = new TcpSink(counter);
            ch.pipeline().addLast(sink);
            stream = new DataStream(StreamResult.idOf(index), ch, counter, null, sink);
        }
        ch.config().setAutoRead(true);
        return stream;
    }

    /** Whether this test waits for UDP streams from this address (any thread). */
    boolean awaitsUdpStreamFrom(java.net.InetAddress address) {
        TestParameters p = params;
        return acceptingStreams && p != null && p.udp() && streamsClaimed.get() < arrived.length
                && address.equals(peerAddress);
    }

    /** IP type-of-service byte the client asked for ({@code -S}), 0 for the default. */
    int tos() {
        TestParameters p = params;
        return p == null ? 0 : p.tos();
    }

    /** Socket buffer size the client asked for ({@code -w}), 0 for the default. */
    int socketBufferBytes() {
        TestParameters p = params;
        return p == null ? 0 : p.window();
    }

    /**
     * Claims a connected UDP stream for this test; runs on the channel's loop. Returns false when the test
     * expects no more streams. Which end sends follows the same order as TCP.
     */
    boolean acceptUdpStream(Channel ch) {
        if (!acceptingStreams) {
            return false;
        }
        int index = streamsClaimed.getAndIncrement();
        if (index >= arrived.length) {
            return false;
        }
        boolean serverSends = params.bidirectional() ? index >= params.parallel() : params.reverse();
        int id = StreamResult.idOf(index);
        DataStream stream = serverSends
                ? UdpStreams.sending(ch, id, params.len(), params.bandwidth(), budget, () -> { }, params.udpCounters64(),
                        why -> loop.execute(() -> refuse(IperfErrors.STREAM_WRITE, UdpSender.EMSGSIZE, why)))
                : UdpStreams.receiving(ch, id, params.udpCounters64());
        loop.execute(() -> streamReady(index, stream));
        return true;
    }

    /** A UDP stream could not be set up: the test cannot run. */
    void udpStreamFailed(String why) {
        loop.execute(() -> refuse(IperfErrors.STREAM_ACCEPT, why));
    }

    private void streamReady(int index, DataStream stream) {
        if (done || ending) {
            stream.channel().close();
            return;
        }
        arrived[index] = stream;
        if (++readyCount < arrived.length) {
            return;
        }
        acceptingStreams = false; // UDP streams are claimed one by one, not through streamArrived
        streams.addAll(Arrays.asList(arrived));
        control.write(ControlEncoder.state(control.alloc(), State.TEST_START));
        control.writeAndFlush(ControlEncoder.state(control.alloc(), State.TEST_RUNNING));
        startMeasuring();
    }

    private void startMeasuring() {
        writer = new TextReportWriter(server.out(), "#" + number + " ", true, false, server.config().rateFormat());
        if (params.getServerOutput()) {
            outputCopy = new ByteArrayOutputStream();
            writer = Tee.of(writer, new TextReportWriter(new PrintStream(outputCopy, true, StandardCharsets.UTF_8), "", true, false,
                    server.config().rateFormat()));
        }
        List<StartInfo.Connection> conns = streams.stream()
                .map(s -> new StartInfo.Connection(s.id(), s.localAddress(), s.remoteAddress())).toList();
        InetSocketAddress local = (InetSocketAddress) control.localAddress();
        writer.start(new StartInfo(peer, local.getPort(), cookie, server.transport().kind().label(), conns,
                params.udp() ? "UDP" : "TCP",
                params.parallel(), params.len(), params.omitS(), params.timeS(), params.bytes(), params.blocks(),
                params.reverse(), params.bidirectional(), params.bandwidth(), params.tos(), params.fqRate(), System.currentTimeMillis() / 1000,
                local));
        cpuAtStart = ProcessCpu.read();
        measurement = new Measurement(streams, 1_000_000_000L, params.omitS() * 1_000_000_000L, 0, System::nanoTime,
                loop, writer::interval, () -> { });
        measurement.peerPlans(params.timeS() * 1_000_000_000L);
        measurement.start();
        for (DataStream s : streams) {
            if (s.sending()) {
                s.sender().start();
            }
        }
        Duration bound = params.timeS() > 0
                ? Duration.ofSeconds(params.timeS() + params.omitS()).plus(RUNNING_GRACE)
                : Duration.ofSeconds(TestParameters.MAX_TIME_S);
        deadline.arm(bound, "TEST_END");
    }

    private void onTestEnd() {
        if (measurement == null || ending) {
            refuse(IperfErrors.UNKNOWN_MESSAGE, "TEST_END before the test ran");
            return;
        }
        ending = true;
        deadline.arm(server.config().controlTimeout().plusMillis(StreamDrain.MAX_MS), "the end of the data streams");
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (DataStream s : streams) {
            if (s.sending()) {
                // Half-close as stock iperf3 closes at TEST_END: an iperf3 3.12 client drains with blocking
                // reads of whole blocks after TEST_END and would otherwise wait forever for a partial one.
                // Bounded: an iperf3 3.12 --bidir client stops reading its receiving streams at TEST_END, so what
                // is still queued here may never flush; the results go out anyway (that client's received count
                // may then trail this end's sent count by the queue, as with any stock iperf3 receiver).
                waits.add(s.sender().stop(true).completeOnTimeout(null, StreamDrain.MAX_MS, TimeUnit.MILLISECONDS));
            }
        }
        List<DataStream> receivers = streams.stream().filter(s -> !s.sending()).toList();
        // Only TCP has an end of stream to wait for: a UDP stream from any peer ends by going quiet (waiting for an
        // end it never gets held every jloadgen UDP test for the drain's whole bound, 3 s).
        waits.add(params.jloadgenPeer() && !params.udp() ? StreamDrain.untilEndOfStream(receivers, loop)
                : StreamDrain.drain(receivers, loop));
        CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])).thenRun(() -> loop.execute(() -> {
            if (done) {
                return;
            }
            measurement.stop(); // after the drain, so the last interval holds every byte received
            cpu = ProcessCpu.between(cpuAtStart, ProcessCpu.read());
            decoder.expectJson(JsonCodec.MAX_RESULTS_BYTES);
            control.writeAndFlush(ControlEncoder.state(control.alloc(), State.EXCHANGE_RESULTS));
            deadline.arm(server.config().controlTimeout(), "the client's results");
        }));
    }

    private void onClientResults(JsonNode json) {
        PeerResults client;
        try {
            client = PeerResults.fromJson(json);
        } catch (ProtocolException e) {
            refuse(IperfErrors.RECV_RESULTS, "bad results: " + e.getMessage());
            return;
        }
        double window = measurement.windowSeconds();
        List<StreamResult> mine = new ArrayList<>();
        List<StreamSummary> rows = new ArrayList<>();
        for (DataStream s : streams) {
            long retrans = s.sending() ? s.windowRetransmits() : -1;
            mine.add(UdpStreams.result(s, retrans, window));
            StreamResult peerRow = client.streams().stream().filter(r -> r.id() == s.id()).findFirst().orElse(null);
            long peerBytes = peerRow == null ? 0 : peerRow.bytes();
            double peerSeconds = peerRow == null ? 0 : peerRow.endTime() - peerRow.startTime();
            rows.add(UdpStreams.withUdp(s.sending()
                    ? new StreamSummary(s.id(), true, s.windowBytes(), window, peerBytes, peerSeconds, retrans,
                            s.maxCwndBytes(), s.minRttUs(), s.maxRttUs(), s.meanRttUs())
                    : new StreamSummary(s.id(), false, peerBytes, peerSeconds, s.windowBytes(), window,
                            peerRow == null ? -1 : peerRow.retransmits(), 0, 0, 0, 0), s, peerRow));
        }
        boolean serverSends = streams.stream().anyMatch(DataStream::sending);
        String congestion = streams.isEmpty() ? null : SocketTuning.congestionOf(streams.get(0).channel());
        summary = new TestSummary(rows, cpu, new CpuUsage(client.cpuTotal(), client.cpuUser(), client.cpuSystem()),
                serverSends, serverSends ? congestion : client.congestionUsed(), serverSends ? client.congestionUsed() : congestion);
        writer.end(summary);
        String outputText = outputCopy == null ? null : outputCopy.toString(StandardCharsets.UTF_8);
        PeerResults results = new PeerResults(cpu.totalPct(), cpu.userPct(), cpu.systemPct(),
                serverSends ? (server.transport().isNative() ? 1 : 0) : -1, congestion, mine, outputText, null);
        decoder.expectState();
        control.write(ControlEncoder.json(control.alloc(), results.toJson()));
        control.writeAndFlush(ControlEncoder.state(control.alloc(), State.DISPLAY_RESULTS));
        deadline.arm(server.config().controlTimeout(), "IPERF_DONE");
    }

    /** Sends iperf3's SERVER_ERROR with a code, logs why, and ends the test. */
    private void refuse(int code, String why) {
        refuse(code, 0, why);
    }

    /** As {@link #refuse(int, String)}, with the errno iperf3 sends beside the code (its client prints its words). */
    private void refuse(int code, int errno, String why) {
        if (done) {
            return;
        }
        if (control.isActive()) {
            control.writeAndFlush(ControlEncoder.serverError(control.alloc(), code, errno));
        }
        end(why);
    }

    /** Ends the test once: closes its connections, frees its cookie, logs the outcome. */
    private void end(String why) {
        if (closed) {
            return;
        }
        closed = true;
        done = true;
        if (why != null && error == null) {
            error = why;
        }
        deadline.disarm();
        if (measurement != null) {
            measurement.stop();
        }
        acceptingStreams = false;
        for (Channel c : pending) {
            c.close();
        }
        if (arrived != null) {
            for (DataStream s : arrived) {
                if (s != null) {
                    s.channel().close();
                }
            }
        }
        control.close().addListener((ChannelFutureListener) f -> {
            server.log("test #" + number + " (" + peer + "): " + (error == null ? "done" : "ended: " + error));
            server.ended(cookie, this);
        });
    }
}
