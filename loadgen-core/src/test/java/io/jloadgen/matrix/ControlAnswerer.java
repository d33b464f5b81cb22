package io.jloadgen.matrix;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A stand-in guest server for campaign-logic tests: a real listening socket that answers every control
 * connection's cookie with PARAM_EXCHANGE, which is all the readiness probe asks.
 */
final class ControlAnswerer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    ControlAnswerer(String address, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        thread = new Thread(this::serve, "answerer-" + address);
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(2000);
                s.getInputStream().readNBytes(37);
                s.getOutputStream().write(9);
            } catch (IOException e) {
                // closed, or a probe that went away: next one
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port free on 127.0.0.2 (and, on a quiet test machine, on the other 127.0.0.x too). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            return s.getLocalPort();
        }
    }
}
