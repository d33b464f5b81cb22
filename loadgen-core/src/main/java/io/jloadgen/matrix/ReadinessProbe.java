package io.jloadgen.matrix;

import io.jloadgen.protocol.Cookie;
import io.jloadgen.protocol.State;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Tells whether a guest's iperf3-protocol server (jloadgen or stock {@code iperf3 -s}) is ready for a
 * test: connect to its port, send a cookie, expect {@link State#PARAM_EXCHANGE}, close. A port that merely
 * accepts is not enough: a booting guest's firewall or a half-started server would pass that.
 *
 * <p>Every step is bounded by the time left to the deadline (but at least {@link #MIN_STEP}) and by
 * {@link #STEP_TIMEOUT}.
 */
public final class ReadinessProbe {
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(3);
    static final Duration POLL_PERIOD = Duration.ofMillis(250);
    static final Duration MIN_STEP = Duration.ofMillis(250);

    private ReadinessProbe() {
    }

    /** One attempt; returns null when the server is ready, else why not. */
    public static String probeOnce(String address, int port, Duration timeout) {
        int timeoutMs = (int) Math.max(1, Math.min(timeout.toMillis(), STEP_TIMEOUT.toMillis()));
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(address, port), timeoutMs);
            } catch (SocketTimeoutException e) {
                return "no connection within " + timeoutMs + " ms";
            }
            socket.setSoTimeout(timeoutMs);
            socket.getOutputStream().write(Cookie.random().encode());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            int b = in.read();
            if (b < 0) {
                return "closed the control connection without a state";
            }
            State state = State.of((byte) b);
            if (state == State.PARAM_EXCHANGE) {
                return null;
            }
            return state == State.ACCESS_DENIED ? "busy (access denied)" : "answered state " + (state == null ? b : state);
        } catch (SocketTimeoutException e) {
            return "no answer within " + timeoutMs + " ms";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /**
     * Polls until the server is ready or {@code timeout} has passed.
     *
     * @param stop checked between attempts; true ends the wait early (SIGINT)
     * @throws GuestNotReadyException with the last reason when the deadline passes
     */
    public static void awaitReady(String address, int port, Duration timeout, BooleanSupplier stop)
            throws GuestNotReadyException, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        String lastReason;
        while (true) {
            long leftNs = deadlineNs - System.nanoTime();
            // a last attempt squeezed into a millisecond would only report its own timeout: give each a fair step
            lastReason = probeOnce(address, port, Duration.ofNanos(Math.max(leftNs, MIN_STEP.toNanos())));
            if (lastReason == null) {
                return;
            }
            leftNs = deadlineNs - System.nanoTime();
            if (leftNs <= 0 || stop.getAsBoolean()) {
                throw new GuestNotReadyException(address + ":" + port + " not ready after "
                        + PlanPrinter.format(timeout) + ": " + lastReason);
            }
            Thread.sleep(Math.min(POLL_PERIOD.toMillis(), Math.max(1, leftNs / 1_000_000)));
        }
    }
}
