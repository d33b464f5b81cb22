package io.jloadgen.session;

import io.jloadgen.engine.TcpSender;
import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** A sending stream counts what its socket accepted, not what it handed to the write queue. */
@Timeout(10)
class DataStreamTest {
    private static final int BLOCK = 64 * 1024;

    /** Holds every flush, as a full socket buffer does, until released. */
    private static final class HeldSocket extends ChannelOutboundHandlerAdapter {
        boolean held = true;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (!held) {
                ctx.flush();
            }
        }
    }

    @Test
    void aSenderCountsWhatTheSocketAcceptedAndAllOfItOnceTheQueueDrained() {
        SingleWriterCounter handed = new SingleWriterCounter();
        TcpSender sender = new TcpSender(BLOCK, handed, null, null, () -> { });
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(2 * BLOCK, 4 * BLOCK));
        HeldSocket socket = new HeldSocket();
        ch.pipeline().addFirst(socket);
        ch.pipeline().addLast(sender);
        DataStream stream = new DataStream(1, ch, handed, sender, null);

        sender.start();
        ch.runPendingTasks();
        assertThat(handed.plainGet()).isEqualTo(4L * BLOCK);
        assertThat(stream.totalBytes()).as("nothing left the queue yet").isZero();

        socket.held = false;
        sender.stop(false);
        ch.runPendingTasks();
        assertThat(stream.totalBytes()).isEqualTo(handed.plainGet());
        assertThat(sender.flushedAtNs()).isPositive();
        ch.finishAndReleaseAll();
    }
}
