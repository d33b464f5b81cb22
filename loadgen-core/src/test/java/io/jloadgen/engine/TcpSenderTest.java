package io.jloadgen.engine;

import io.jloadgen.stats.SingleWriterCounter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class TcpSenderTest {
    private static final int BLOCK = 64 * 1024;

    @Test
    void peerResetStopsAndClosesWithoutReachingThePipelineTail() {
        SingleWriterCounter sent = new SingleWriterCounter();
        TcpSender sender = new TcpSender(BLOCK, sent, null, null, () -> { });
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(BLOCK, 4 * BLOCK));
        // Nothing leaves this channel: writes stay queued, as with a full socket buffer.
        ch.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
            }
        });
        ch.pipeline().addLast(sender);
        sender.start();
        ch.runPendingTasks();
        long queuedBytes = sent.plainGet();
        // Written until the queue (blocks plus Netty's per-entry overhead) passed the high watermark.
        assertThat(queuedBytes).isEqualTo(4L * BLOCK);
        assertThat(ch.isWritable()).isFalse();

        ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));

        assertThat(ch.isOpen()).isFalse();
        CompletableFuture<Void> stopped = sender.stop(false);
        ch.runPendingTasks();
        assertThat(stopped).isCompleted();
        assertThat(sender.flushedAtNs()).isPositive();
        assertThat(sent.plainGet()).isEqualTo(queuedBytes);
        // Neither the reset nor the queued writes failing on close reached the tail as an exception.
        assertThatCode(ch::checkException).doesNotThrowAnyException();
        ch.finishAndReleaseAll();
    }
}
