package io.jloadgen.engine;

import io.netty.channel.WriteBufferWaterMark;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The write queue follows the socket's rate, taken over a window, between two blocks and the configured size. */
class WriteQueueSizerTest {
    private static final long MS = 1_000_000L;
    private static final int BLOCK = 128 * 1024;
    private static final WriteBufferWaterMark CONFIGURED = new WriteBufferWaterMark(2 << 20, 4 << 20);

    private final WriteQueueSizer sizer = new WriteQueueSizer(BLOCK);
    private WriteBufferWaterMark watermark = CONFIGURED;
    private long nowNs = 1_000 * MS;
    private long accepted;

    /** {@code ms} later the socket has accepted {@code bytes} more; returns the watermarks now in force. */
    private WriteBufferWaterMark after(long ms, long bytes) {
        nowNs += ms * MS;
        accepted += bytes;
        WriteBufferWaterMark resized = sizer.writabilityChanged(watermark, accepted, nowNs);
        if (resized != null) {
            watermark = resized;
        }
        return watermark;
    }

    @Test
    void theQueueHoldsTwentyMillisecondsOfWhatTheSocketAcceptedOverTheWindow() {
        assertThat(after(0, 0)).isSameAs(CONFIGURED);
        assertThat(after(100, 1 << 20)).as("a span shorter than the window: no rate yet").isSameAs(CONFIGURED);
        // 1.25 MB in 1 s (10 Mbit/s): 25 KB in 20 ms, below two blocks
        assertThat(after(900, 1_250_000 - (1 << 20)).high()).isEqualTo(2 * BLOCK);
        // the kernel frees its buffer in bursts: a quick drain of the small queue proves no rate
        WriteBufferWaterMark small = after(1, 256 * 1024);
        assertThat(small.high()).isEqualTo(2 * BLOCK);
        assertThat(after(999, 1_250_000 - 256 * 1024)).isSameAs(small);
        // 13 MB in 200 ms (65 MB/s): 1.3 MB in 20 ms
        WriteBufferWaterMark faster = after(200, 13_000_000);
        assertThat(faster.high()).isEqualTo(1_300_000);
        assertThat(faster.low()).isEqualTo(650_000);
        // within a factor of two: kept, no new object
        assertThat(after(200, 16_000_000)).isSameAs(faster);
        // loopback: back to the configured queue itself
        assertThat(after(200, 400_000_000)).isSameAs(CONFIGURED);
    }

    @Test
    void aQueueConfiguredBelowTwoBlocksIsNeverGrown() {
        WriteBufferWaterMark configured = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
        watermark = configured;
        after(0, 0);
        assertThat(after(1_000, 1_000_000)).isSameAs(configured);
        assertThat(after(1_000, 1_000_000_000)).isSameAs(configured);
    }
}
