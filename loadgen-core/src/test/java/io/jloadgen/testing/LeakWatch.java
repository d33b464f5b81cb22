package io.jloadgen.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turns Netty's leak reports into test failures. Netty's detector (paranoid in every surefire run) logs
 * "LEAK: ..." through its internal logger, which is java.util.logging here (no SLF4J on the test class
 * path); this watch listens on that logger. A leak is only reported once the leaked buffer has been
 * collected and the detector runs again, so {@link #assertNoLeaks()} collects garbage and allocates
 * through the detector before it looks.
 */
public final class LeakWatch implements AutoCloseable {
    private static final String DETECTOR_LOGGER = ResourceLeakDetector.class.getName();

    private final Logger logger = Logger.getLogger(DETECTOR_LOGGER);
    private final List<String> leaks = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && message.contains("LEAK")) {
                synchronized (leaks) {
                    leaks.add(message);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LeakWatch() {
        logger.addHandler(handler);
    }

    /** Starts listening; close to stop. */
    public static LeakWatch install() {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            System.err.println("NOTE: Netty leak detection is " + ResourceLeakDetector.getLevel()
                    + ", not paranoid: run through surefire (-Dio.netty.leakDetection.level=paranoid) to see every leak");
        }
        return new LeakWatch();
    }

    /** Leak reports seen so far. */
    public List<String> leaks() {
        synchronized (leaks) {
            return List.copyOf(leaks);
        }
    }

    /**
     * Makes the detector report what it can (collect garbage, then allocate tracked buffers so it drains its
     * queue of collected, unreleased buffers), then fails if anything was reported.
     */
    public void assertNoLeaks() {
        provokeReports();
        assertThat(leaks()).as("Netty leak reports").isEmpty();
    }

    /** Several rounds of collection and tracked allocation; bounded. */
    public static void provokeReports() {
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < 64; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                pooled.release();
                unpooled.release();
            }
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
