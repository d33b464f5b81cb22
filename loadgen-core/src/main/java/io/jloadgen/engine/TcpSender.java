package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.WriteBufferWaterMark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sends one pre-filled block again and again on a TCP connection, only while the channel is writable, and
 * discards whatever the peer sends. Each write is a pooled, recycled duplicate of the block with a void
 * promise, so the steady state allocates nothing; many blocks are queued before one flush, which lets the
 * transport hand the kernel large gathering writes.
 */
public final class TcpSender extends StreamSender {
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
    private final WriteQueueSizer queueSizer;

    /**
     * @param blockSize     bytes per write ({@code -l})
     * @param bytesSent     counter this sender alone writes to
     * @param pacer         rate limit, or null for as fast as possible
     * @param budget        shared byte budget of the test, or null for none
     * @param onBudgetSpent called once, on the event loop, when this sender finds the budget spent
     */
    public TcpSender(int blockSize, SingleWriterCounter bytesSent, RatePacer pacer, ByteBudget budget,
                     Runnable onBudgetSpent) {
        this(blockSize, bytesSent, pacer, budget, onBudgetSpent, null);
    }

    private TcpSender(int blockSize, SingleWriterCounter bytesSent, RatePacer pacer, ByteBudget budget,
                      Runnable onBudgetSpent, FileChannel file) {
        super(pacer, budget, onBudgetSpent);
        this.blockSize = blockSize;
        this.bytesSent = bytesSent;
        this.block = randomBlock(blockSize);
        this.file = file;
        this.queueSizer = new WriteQueueSizer(blockSize);
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
            ByteBuf block = randomBlock(blockSize);
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

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        super.handlerRemoved(ctx);
        block.release();
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing to do: the file was unlinked already
            }
        }
    }

    /** Sizes the write queue to the socket's rate before the write loop goes on (see {@link WriteQueueSizer}). */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ChannelConfig config = ctx.channel().config();
        WriteBufferWaterMark resized = queueSizer.writabilityChanged(config.getWriteBufferWaterMark(),
                bytesSent.plainGet() - queuedBytes(), System.nanoTime());
        if (resized != null) {
            config.setWriteBufferWaterMark(resized);
        }
        super.channelWritabilityChanged(ctx);
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
    protected int writeBatch(Channel ch) {
        int written = 0;
        while (isRunning() && ch.isWritable()) {
            int size = admit(blockSize); // the budget may grant a shorter last block
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
            sent(size);
            written++;
        }
        return written;
    }
}
