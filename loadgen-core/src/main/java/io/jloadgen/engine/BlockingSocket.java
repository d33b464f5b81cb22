package io.jloadgen.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.Socket;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A connected epoll channel taken off its event loop and switched to blocking I/O, for one thread of its
 * own. A request/response connection served this way makes two system calls per round trip, a blocking
 * {@code recv} and a {@code send}, as iperf 2's thread per connection does; on an event loop it makes
 * three ({@code epoll_wait}, {@code recv}, {@code send}), which measured about 4% fewer round trips per
 * second on loopback. Netty cannot switch a socket to blocking mode; the JDK's {@code sun.nio.ch.IOUtil}
 * can, when {@code java.base/sun.nio.ch} is exported to us (the jar's manifest and the test runner do
 * so). Without it, or for another transport, {@link #unavailability} says why and callers keep the
 * event loop.
 *
 * <p>Threading: {@link #detach} on the channel's loop; {@link #read}, {@link #writeFully} and
 * {@link #quickAck} on the one thread that owns the socket; {@link #shutdown} from any thread, to wake it.
 */
public final class BlockingSocket {
    private static final MethodHandle NEW_FD;
    private static final MethodHandle CONFIGURE_BLOCKING;
    private static final String JDK_UNAVAILABILITY;

    static {
        MethodHandle newFd = null;
        MethodHandle configure = null;
        String why = null;
        try {
            Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            newFd = lookup.findStatic(ioUtil, "newFD", MethodType.methodType(FileDescriptor.class, int.class));
            configure = lookup.findStatic(ioUtil, "configureBlocking",
                    MethodType.methodType(void.class, FileDescriptor.class, boolean.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            why = "java.base/sun.nio.ch is not exported to jloadgen (java --add-exports java.base/sun.nio.ch=ALL-UNNAMED)";
        }
        NEW_FD = newFd;
        CONFIGURE_BLOCKING = configure;
        JDK_UNAVAILABILITY = why;
    }

    private final Channel channel;
    private final Socket socket;

    private BlockingSocket(Channel channel) {
        this.channel = channel;
        this.socket = (Socket) ((EpollSocketChannel) channel).fd();
    }

    /** Why {@code channel} cannot be served by a thread of its own, or null if it can. */
    public static String unavailability(Channel channel) {
        if (!(channel instanceof EpollSocketChannel)) {
            return "needs the epoll transport";
        }
        return JDK_UNAVAILABILITY;
    }

    /**
     * Stops the loop reading {@code channel}, deregisters it and switches its socket to blocking mode; the
     * future completes on the loop once nothing there will touch the socket again, or fails. Call on the
     * channel's loop, with {@link #unavailability} null. The channel stays open: {@link #close} closes it.
     */
    public static CompletableFuture<BlockingSocket> detach(Channel channel) {
        CompletableFuture<BlockingSocket> detached = new CompletableFuture<>();
        channel.config().setAutoRead(false); // the read loop under way stops after this message
        channel.deregister().addListener(f -> {
            if (!f.isSuccess()) {
                detached.completeExceptionally(f.cause());
                return;
            }
            try {
                BlockingSocket s = new BlockingSocket(channel);
                CONFIGURE_BLOCKING.invokeExact((FileDescriptor) NEW_FD.invokeExact(s.socket.intValue()), true);
                detached.complete(s);
            } catch (Throwable e) {
                detached.completeExceptionally(e);
            }
        });
        return detached;
    }

    public Channel channel() {
        return channel;
    }

    /**
     * Waits for bytes and reads what has come, up to {@code dst}'s writable bytes, at its writer index;
     * returns how many, or -1 at the peer's end of stream. {@code dst} is a direct buffer.
     */
    public int read(ByteBuf dst) throws IOException {
        int n;
        if (dst.hasMemoryAddress()) {
            n = socket.recvAddress(dst.memoryAddress(), dst.writerIndex(), dst.writerIndex() + dst.writableBytes());
        } else {
            ByteBuffer view = dst.internalNioBuffer(dst.writerIndex(), dst.writableBytes());
            n = socket.recv(view, view.position(), view.limit());
        }
        if (n > 0) {
            dst.writerIndex(dst.writerIndex() + n);
        }
        return n;
    }

    /** Writes {@code src}'s readable bytes, all of them, without moving its indices. */
    public void writeFully(ByteBuf src) throws IOException {
        if (src.hasMemoryAddress()) {
            long address = src.memoryAddress();
            for (int at = src.readerIndex(), end = src.writerIndex(); at < end; ) {
                at += socket.sendAddress(address, at, end);
            }
        } else {
            ByteBuffer view = src.internalNioBuffer(src.readerIndex(), src.readableBytes());
            for (int at = view.position(), end = view.limit(); at < end; ) {
                at += socket.send(view, at, end);
            }
        }
    }

    /** TCP_QUICKACK, as after each request iperf 2 sets it. */
    public void quickAck() {
        SocketTuning.quickAck(channel);
    }

    /** Ends both directions: a blocked {@link #read} returns -1 and a blocked write fails. Any thread. */
    public void shutdown() {
        try {
            socket.shutdown(true, true);
        } catch (IOException alreadyGone) {
            // closed, or never connected: nothing is blocked on it
        }
    }

    /** Closes the channel through its loop, or the socket itself when that loop has shut down. */
    public void close() {
        if (channel.eventLoop().isShuttingDown()) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that was left to do
            }
        } else {
            channel.close();
        }
    }
}
