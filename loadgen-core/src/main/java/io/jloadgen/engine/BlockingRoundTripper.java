package io.jloadgen.engine;

import io.jloadgen.stats.LatencyRecorder;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link RoundTripper}'s work on a thread of its own over a {@link BlockingSocket}: write the request,
 * wait in {@code recv} for the reply, record the round trip, and again, back to back or on the next tick
 * of a fixed period (planned from the start; a late reply makes the next request go at once, and the
 * recorder's coordinated-omission correction accounts for the skipped ticks). Two system calls per round
 * trip, as iperf 2's client makes. The request and reply buffers are allocated once; the steady state
 * allocates nothing.
 *
 * <p>Threading: the loop runs on the requester's own thread; {@link #start}, {@link #stop} and
 * {@link #close} may be called from any thread.
 */
public final class BlockingRoundTripper implements Requester {
    private final BlockingSocket socket;
    private final ByteBuf request;
    private final ByteBuf reply;
    private final int size;
    private final long periodNs;
    private final boolean quickAck;
    private final LatencyRecorder.Writer recorder;
    private final RoundTripper.Stamper stamper;
    private final String threadName;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final CompletableFuture<Long> firstReply = new CompletableFuture<>();

    private volatile boolean running;
    private volatile boolean closing;
    private volatile Thread thread;

    /**
     * @param request  the filled request of {@code size} bytes, direct; this requester owns and releases it
     * @param periodNs time between requests, 0 for back to back
     * @param quickAck set TCP_QUICKACK after each request, as iperf 2's client does
     */
    public BlockingRoundTripper(BlockingSocket socket, ByteBuf request, long periodNs, boolean quickAck,
                                LatencyRecorder.Writer recorder, RoundTripper.Stamper stamper, String threadName) {
        this.socket = socket;
        this.request = request;
        this.size = request.readableBytes();
        this.reply = request.alloc().directBuffer(size, size);
        this.periodNs = periodNs;
        this.quickAck = quickAck;
        this.recorder = recorder;
        this.stamper = stamper;
        this.threadName = threadName;
    }

    @Override
    public CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public CompletableFuture<Long> firstReply() {
        return firstReply;
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(null, this::run, threadName, 256 * 1024);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t); // out of a wait for the next tick
        } else {
            ended.complete(null);
        }
    }

    @Override
    public void close() {
        closing = true;
        running = false;
        socket.shutdown(); // wakes a blocked read; closing the descriptor alone would not
        if (thread == null) {
            release();
            socket.close();
            ended.complete(null);
        }
    }

    private void run() {
        String why;
        try {
            why = loop();
        } catch (IOException e) {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            release();
        }
        running = false;
        socket.close();
        ended.complete(closing ? null : why);
    }

    /** Round trips until stopped; null, or what went wrong. */
    private String loop() throws IOException {
        int sequence = 0;
        long nextDueNs = System.nanoTime();
        boolean first = true;
        while (running) {
            stamper.stamp(request, ++sequence);
            long sentNs = System.nanoTime();
            socket.writeFully(request.setIndex(0, size));
            if (quickAck) {
                socket.quickAck();
            }
            reply.clear();
            while (reply.isWritable()) {
                if (socket.read(reply) < 0) {
                    return "the server closed the connection before replying";
                }
            }
            long now = System.nanoTime();
            recorder.record(now - sentNs, periodNs);
            if (first) {
                first = false;
                firstReply.complete(now - sentNs);
            }
            if (periodNs > 0) {
                nextDueNs += periodNs;
                if (nextDueNs <= now) {
                    nextDueNs = now; // late: go now; the recorder fills in the ticks that were skipped
                }
                for (long wait; running && (wait = nextDueNs - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(this, wait);
                }
            }
        }
        return null;
    }

    private synchronized void release() {
        if (request.refCnt() > 0) {
            request.release();
        }
        if (reply.refCnt() > 0) {
            reply.release();
        }
    }
}
