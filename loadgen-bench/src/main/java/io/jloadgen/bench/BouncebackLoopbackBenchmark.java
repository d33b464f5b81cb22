package io.jloadgen.bench;

import io.jloadgen.api.Server;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.engine.NettyTransport;
import io.jloadgen.protocol.BouncebackHeader;
import io.jloadgen.util.WallClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The server's whole bounceback path over real sockets: {@code jloadgen server} in this JVM on 127.0.0.1,
 * one connection from a blocking socket (TCP_NODELAY) on the benchmark thread, which writes one 100-byte
 * iperf 2 bounceback request and reads the echo. The score is the round trip (kernel included, so it means
 * something only on an idle machine); {@code gc.alloc.rate.norm} under {@code -prof gc} is what the whole
 * JVM allocates per round trip, the server's transport read, echo and write included, and must be 0 in
 * steady state (Netty's leak detection is off here: {@code simple} samples one buffer in 128). On epoll
 * the server echoes on a thread of its own, as {@code jloadgen server} does (the fork exports
 * {@code sun.nio.ch} as the jar's manifest does).
 *
 * <p>Run: {@code java -jar loadgen-bench/target/benchmarks.jar BouncebackLoopbackBenchmark -prof gc}
 * (quick check: add {@code -f 1 -wi 1 -i 1 -w 1s -r 1s}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"})
@State(Scope.Thread)
public class BouncebackLoopbackBenchmark {
    private static final int SIZE = BouncebackHeader.DEFAULT_SIZE;

    @Param({"EPOLL", "NIO", "IO_URING"})
    Transport transport;

    private Server server;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] request = new byte[SIZE];
    private final byte[] reply = new byte[SIZE];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (!NettyTransport.isAvailable(transport)) {
            throw new IllegalStateException(transport + " is not available here");
        }
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, transport, 1, Duration.ofSeconds(10), 4),
                new PrintStream(PrintStream.nullOutputStream()));
        ByteBuf b = Unpooled.wrappedBuffer(request);
        BouncebackHeader.fillRequest(b, SIZE);
        BouncebackHeader.stampRequest(b, SIZE, 1, true, 0, 0, WallClock.micros());
        socket = new Socket("127.0.0.1", server.port());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    @Benchmark
    public int roundTrip() throws IOException {
        out.write(request);
        int got = in.readNBytes(reply, 0, SIZE);
        if (got != SIZE) {
            throw new IOException("the server closed the connection after " + got + " of " + SIZE + " bytes");
        }
        return reply[SIZE - 1];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        socket.close();
        server.close();
    }
}
