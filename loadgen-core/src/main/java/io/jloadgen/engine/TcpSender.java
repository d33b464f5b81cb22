package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.socket.DuplexChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one pre-filled block again and again on a TCP connection, only while the channel is writable, and
 * discards whatever the peer sends. Each write is a pooled, recycled duplicate of the block with a void
 * promise, so the steady state allocates nothing; many blocks are queued before one flush, which lets the
 * transport hand the kernel large gathering writes.
 *
 * <p>Threading: every method runs on the channel's event loop; {@link #start()} and {@link #stop(boolean)}
 * may be called from any thread and hop onto it.
 */
public final class TcpSender extends ChannelInboundHandlerAdapter implements DataSender {
    /** Rounds of write-then-flush before yielding to other tasks of the event loop. */
    private static final int MAX_ROUNDS_PER_RUN = 8;
    private static final long MIN_PACING_DELAY_NS = TimeUnit.MICROSECONDS.toNanos(200);

    /**
     * Sizes a FileRegion by its length for the write-buffer watermarks; Netty's default estimator counts it as
     * 0 bytes, so a zero-copy sender would never see the channel turn unwritable and would queue without bound.
     */
    public static final MessageSizeEstimator FILE_REGION_SIZE_ESTIMATOR = () -> new MessageSizeEstimator.Handle() {
        private final MessageSizeEstimator.Handle fallback = DefaultMessageSizeEstimator.DEFAULT.newHandle();

        @Override
        public int size(Object msg) {
            return msg instanceof FileRegion r ? (int) Math.min(Integer.MAX_VALUE, r.count()) : fallback.size(msg);
        }
    };

    private final ByteBuf block;
    /** With zero-copy (-Z): the file holding the block, sent with sendfile; null otherwise. */
    private final FileChannel file;
    private final int blockSize;
    private final SingleWriterCounter bytesSent;
    private final RatePacer pacer;
    private final ByteBudget budget;
    private final Runnable onBudgetSpent;
    private final Runnable writeTask = () -> {
        yieldScheduled = false;
        writeLoop();
    };
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private ChannelHandlerContext ctx;
    private boolean running;
    private long stopAtNs;
    private volatile long stoppedAtNs;
    private boolean inLoop;
    private boolean pacingScheduled;
    private boolean yieldScheduled;

    /**
     * @param blockSize     bytes per write ({@code -l})
     * @param bytesSent     counter this sender alone writes to
     * @param pacer         rate limit, or null for as fast as possible
     * @param budget        shared byte budget of the test, or null for none
     * @param onBudgetSpent called once, on the event loop, when this sender finds the budget spent
     */
    public TcpSender(int blockSize, SingleWriterCounter bytesSent, RatePacer pacer, ByteBudget budget,
                     Runnable onBudgetSpent) {
        this.blockSize = blockSize;
        this.bytesSent = bytesSent;
        this.pacer = pacer;
        this.budget = budget;
        this.onBudgetSpent = onBudgetSpent;
        this.block = newBlock(blockSize);
        this.file = null;
    }

    private TcpSender(int blockSize, SingleWriterCounter bytesSent, RatePacer pacer, ByteBudget budget,
                      Runnable onBudgetSpent, FileChannel file) {
        this.blockSize = blockSize;
        this.bytesSent = bytesSent;
        this.pacer = pacer;
        this.budget = budget;
        this.onBudgetSpent = onBudgetSpent;
        this.block = newBlock(blockSize);
        this.file = file;
    }

    /**
     * A sender that hands the kernel a file region (sendfile; iperf3's {@code -Z}) instead of copying a buffer:
     * the block is written once to an unlinked temporary file. The channel needs
     * {@link #FILE_REGION_SIZE_ESTIMATOR} so its watermarks see the queued bytes. Each write allocates one
     * small region object (Netty's sendfile path takes only a fresh {@link DefaultFileRegion}).
     */
    public static TcpSender zeroCopy(int blockSize, SingleWriterCounter bytesSent, RatePacer pacer, ByteBudget budget,
                                     Runnable onBudgetSpent) {
        try {
            Path path = Files.createTempFile("jloadgen-zerocopy", ".bin");
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(path); // the open channel keeps the data; nothing is left behind on exit
            ByteBuf block = newBlock(blockSize);
            try {
                ByteBuffer nio = block.nioBuffer();
                while (nio.hasRemaining()) {
                    ch.write(nio);
                }
            } finally {
                block.release();
            }
            return new TcpSender(blockSize, bytesSent, pacer, budget, onBudgetSpent, ch);
        } catch (IOException e) {
            throw new UncheckedIOException("-Z/--zerocopy: cannot create the send file: " + e.getMessage(), e);
        }
    }

    /** A pooled direct buffer of random bytes (random so compressing links cannot flatter the result). */
    private static ByteBuf newBlock(int size) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
        SplittableRandom random = new SplittableRandom();
        while (buf.writableBytes() >= 8) {
            buf.writeLong(random.nextLong());
        }
        while (buf.isWritable()) {
            buf.writeByte(random.nextInt());
        }
        return buf;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        running = false;
        block.release();
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing to do: the file was unlinked already
            }
        }
    }

    /** Starts sending until {@link #stop}. */
    @Override
    public void start() {
        start(0);
    }

    /**
     * Starts sending; the sender stops by itself once {@link System#nanoTime()} reaches {@code stopAtNs}
     * (0 for never), checked before every write, so a timed test ends within one block of its plan even
     * when the loop that would deliver a stop command is busy.
     */
    @Override
    public void start(long stopAtNs) {
        Channel ch = ctx.channel();
        ch.eventLoop().execute(() -> {
            this.stopAtNs = stopAtNs;
            running = true;
            writeLoop();
        });
    }

    /** When this sender stopped writing ({@link System#nanoTime()}), 0 while it runs. */
    @Override
    public long stoppedAtNs() {
        return stoppedAtNs;
    }

    /**
     * Stops sending; the future completes once every queued byte has been handed to the kernel. With
     * {@code halfClose}, the write side is then shut down, so the peer sees end-of-stream and knows it
     * has read everything.
     */
    @Override
    public CompletableFuture<Void> stop(boolean halfClose) {
        Channel ch = ctx.channel();
        ch.eventLoop().execute(() -> {
            halt(System.nanoTime());
            if (!ch.isActive()) {
                stopped.complete(null);
                return;
            }
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                if (halfClose && f.isSuccess() && ch instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput().addListener(x -> stopped.complete(null));
                } else {
                    stopped.complete(null);
                }
            });
        });
        return stopped;
    }

    private void halt(long atNs) {
        if (running || stoppedAtNs == 0) {
            stoppedAtNs = atNs;
        }
        running = false;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            writeLoop();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg); // a sender ignores what the receiver sends back
    }

    /**
     * A reset by the peer, or a queued write failing because the connection closed (each void-promise write
     * fires one), ends this stream: stop and close, and let the session see the close, instead of sending
     * every one of them to the pipeline's tail, which logs a warning per queued block.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        halt(System.nanoTime());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        halt(System.nanoTime());
        stopped.complete(null);
        ctx.fireChannelInactive();
    }

    private void writeLoop() {
        if (inLoop || !running) {
            return;
        }
        inLoop = true;
        try {
            Channel ch = ctx.channel();
            for (int round = 0; round < MAX_ROUNDS_PER_RUN; round++) {
                boolean wrote = false;
                while (running && ch.isWritable()) {
                    int size = nextWriteSize();
                    if (size <= 0) {
                        break;
                    }
                    if (file != null) {
                        // retained once more so Netty's release after the write never closes the shared file
                        ctx.write(new DefaultFileRegion(file, 0, size).retain(), ctx.voidPromise());
                    } else {
                        ByteBuf out = size == blockSize ? block.retainedDuplicate() : block.retainedSlice(0, size);
                        ctx.write(out, ctx.voidPromise());
                    }
                    bytesSent.add(size);
                    if (pacer != null) {
                        pacer.sent(size);
                    }
                    wrote = true;
                }
                if (!wrote) {
                    return;
                }
                ctx.flush();
                if (!running || !ch.isWritable() || pacingScheduled) {
                    return;
                }
            }
            // Still writable after several rounds: let the loop's other channels and tasks run, then go on.
            if (!yieldScheduled) {
                yieldScheduled = true;
                ch.eventLoop().execute(writeTask);
            }
        } finally {
            inLoop = false;
        }
    }

    /** Bytes to write now, 0 to wait (pacing), or -1 when the test's time or budget is spent. */
    private int nextWriteSize() {
        if (stopAtNs != 0) {
            long now = System.nanoTime();
            if (now - stopAtNs >= 0) {
                halt(stopAtNs);
                return -1;
            }
        }
        if (pacer != null) {
            long now = System.nanoTime();
            long allowance = pacer.allowanceBytes(now);
            if (allowance < blockSize) {
                if (!pacingScheduled) {
                    pacingScheduled = true;
                    long delay = Math.max(MIN_PACING_DELAY_NS, pacer.delayNsFor(blockSize, allowance));
                    ctx.executor().schedule(() -> {
                        pacingScheduled = false;
                        writeLoop();
                    }, delay, TimeUnit.NANOSECONDS);
                }
                return 0;
            }
        }
        if (budget != null) {
            int granted = budget.claim(blockSize);
            if (granted == 0) {
                halt(System.nanoTime());
                onBudgetSpent.run();
                return -1;
            }
            return granted;
        }
        return blockSize;
    }
}
