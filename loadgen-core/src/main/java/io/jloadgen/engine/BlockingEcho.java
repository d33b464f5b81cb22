package io.jloadgen.engine;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link FixedSizeEcho}'s work on a thread of its own over a {@link BlockingSocket}: read a request of a
 * fixed size, echo it, and again, two system calls per request, as iperf 2's server does. For echoes
 * without a hold only: a held reply would keep the thread from seeing the peer leave meanwhile, which the
 * event loop sees. The request buffer is allocated once; the steady state allocates nothing.
 *
 * <p>Silence is watched from the {@link OffLoopTimer} thread: a peer silent mid-request longer than the
 * partial limit, or between requests longer than the idle limit, gets its socket shut down, which wakes
 * the blocked read, and the end says why.
 *
 * <p>Threading: {@link #run} on the echo's own thread; {@link #stop} from any.
 */
public final class BlockingEcho implements Runnable {
    private static final long CHECK_PERIOD_MS = 250;
    private static final VarHandle LAST_READ_NS;
    private static final VarHandle GATHERED;

    static {
        try {
            LAST_READ_NS = MethodHandles.lookup().findVarHandle(BlockingEcho.class, "lastReadNs", long.class);
            GATHERED = MethodHandles.lookup().findVarHandle(BlockingEcho.class, "gathered", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BlockingSocket socket;
    private final ByteBuf request;
    private final int size;
    private final long partialTimeoutNs;
    private final long idleTimeoutNs;
    private final EchoHook hook;

    private long lastReadNs; // written by the echo's thread, read opaquely by the timer's
    private int gathered; // bytes of the request read so far; written as lastReadNs, opaquely (no fence per read)
    private volatile String cutOff; // why the socket was shut down from outside, if it was
    private long echoed;

    /**
     * @param request the request buffer, direct, of exactly the request's size; it may hold the request's
     *                first bytes already. This echo owns and releases it.
     */
    public BlockingEcho(BlockingSocket socket, ByteBuf request, long partialTimeoutNs, long idleTimeoutNs, EchoHook hook) {
        this.socket = socket;
        this.request = request;
        this.size = request.capacity();
        this.partialTimeoutNs = partialTimeoutNs;
        this.idleTimeoutNs = idleTimeoutNs;
        this.hook = hook;
    }

    /** Starts the echo's daemon thread, named {@code name}. */
    public Thread start(String name) {
        Thread t = new Thread(null, this, name, 256 * 1024);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Ends the echo from outside, e.g. when the server stops; {@code why} is logged as its end. */
    public void stop(String why) {
        cutOff = why;
        socket.shutdown();
    }

    @Override
    public void run() {
        LAST_READ_NS.setOpaque(this, System.nanoTime());
        ScheduledFuture<?> watch = OffLoopTimer.every(CHECK_PERIOD_MS, this::watch);
        String why;
        try {
            why = serve();
        } finally {
            watch.cancel(false);
            request.release();
        }
        String cut = cutOff;
        hook.onEnd(cut != null ? cut : why, echoed);
        socket.close();
    }

    /** Echoes until the peer is done; null for a clean end, else what went wrong. */
    private String serve() {
        try {
            while (true) {
                while (request.isWritable()) {
                    GATHERED.setOpaque(this, request.writerIndex());
                    if (socket.read(request) < 0) {
                        int have = request.writerIndex();
                        return have == 0 ? null : "closed mid-request (" + have + " of " + size + " bytes)";
                    }
                    LAST_READ_NS.setOpaque(this, System.nanoTime());
                }
                if (hook.onRequest(request) < 0) {
                    return null;
                }
                hook.beforeEcho(request);
                socket.writeFully(request);
                echoed++;
                request.clear();
            }
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** On the timer's thread: a peer silent for too long is cut off. */
    private void watch() {
        if (cutOff != null) {
            return;
        }
        long silentNs = System.nanoTime() - (long) LAST_READ_NS.getOpaque(this);
        int have = (int) GATHERED.getOpaque(this);
        if (have > 0 && silentNs > partialTimeoutNs) {
            stop("stopped mid-request (" + have + " of " + size + " bytes) for "
                    + TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms");
        } else if (silentNs > idleTimeoutNs) {
            stop("no request for " + TimeUnit.NANOSECONDS.toSeconds(silentNs) + " s");
        }
    }
}
