package io.jloadgen.api;

import io.jloadgen.config.ServerConfig;

import java.io.PrintStream;

/** A running iperf3-protocol server. Serves many tests at once; {@link #close()} stops it. */
public final class Server implements AutoCloseable {
    private Server() {
    }

    /** Binds and starts serving; returns once the port is listening. Log lines go to {@code log}. */
    public static Server start(ServerConfig config, PrintStream log) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Blocks until the server has stopped (after {@link #close()}, or after one test with -1). */
    public void awaitTermination() throws InterruptedException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
    }
}
