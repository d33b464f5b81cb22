package io.jloadgen.matrix;

import io.jloadgen.api.Server;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Brings guests up and down: the spec's start/stop hooks per guest, an in-process {@link Server} for
 * {@code local} guests, and the readiness wait. Not thread-safe; the campaign thread owns it.
 */
final class GuestLifecycle implements AutoCloseable {
    /** How long a guest gets to answer again after a failed test before it is restarted. */
    static final Duration RECOVERY_PROBE = Duration.ofSeconds(5);
    /**
     * Pause after the readiness probes before the first test. A stock {@code iperf3 -s} treats the probe's
     * abandoned test as an error and re-creates its listener: a connection in the next few milliseconds is
     * refused or reset (measured: 170 of 200 immediate connections failed, none after 10 ms).
     */
    static final Duration SETTLE_AFTER_PROBE = Duration.ofMillis(250);

    private final MatrixSpec spec;
    private final String variant;
    private final HookRunner hooks;
    private final ProgressListener progress;
    private final BooleanSupplier stopRequested;
    private final Map<String, Server> localServers = new LinkedHashMap<>();

    GuestLifecycle(MatrixSpec spec, String variant, HookRunner hooks, ProgressListener progress,
                   BooleanSupplier stopRequested) {
        this.spec = spec;
        this.variant = variant;
        this.hooks = hooks;
        this.progress = progress;
        this.stopRequested = stopRequested;
    }

    /** Starts each guest (start hook, then the local server) and waits until every one answers. */
    void startAll(List<GuestSpec> guests) throws HookFailedException, GuestNotReadyException, InterruptedException {
        for (GuestSpec g : guests) {
            start(g);
        }
        for (GuestSpec g : guests) {
            ReadinessProbe.awaitReady(g.address(), spec.port(), spec.hooks().readyTimeout(), stopRequested);
        }
        Thread.sleep(SETTLE_AFTER_PROBE.toMillis());
    }

    /** Stops each guest, in reverse order; every guest is stopped even if one hook fails, the first failure is thrown. */
    void stopAll(List<GuestSpec> guests) throws HookFailedException, InterruptedException {
        HookFailedException first = null;
        List<GuestSpec> reversed = new ArrayList<>(guests);
        java.util.Collections.reverse(reversed);
        for (GuestSpec g : reversed) {
            try {
                stop(g);
            } catch (HookFailedException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * After a failed test: gives each guest {@link #RECOVERY_PROBE} to answer again (a stock iperf3 server
     * may still be cleaning up the aborted test), and restarts those that do not.
     */
    void recover(List<GuestSpec> guests) throws HookFailedException, GuestNotReadyException, InterruptedException {
        for (GuestSpec g : guests) {
            Duration probe = min(RECOVERY_PROBE, spec.hooks().readyTimeout());
            try {
                ReadinessProbe.awaitReady(g.address(), spec.port(), probe, stopRequested);
            } catch (GuestNotReadyException e) {
                progress.message("guest " + g.name() + " does not answer (" + e.getMessage() + "); restarting it");
                stop(g);
                start(g);
                ReadinessProbe.awaitReady(g.address(), spec.port(), spec.hooks().readyTimeout(), stopRequested);
            }
        }
        Thread.sleep(SETTLE_AFTER_PROBE.toMillis());
    }

    private void start(GuestSpec g) throws HookFailedException, InterruptedException {
        if (spec.hooks().start() != null) {
            String cmd = HookTemplate.fill(spec.hooks().start(), HookTemplate.forGuest(g, variant));
            progress.message("start " + g.name() + ": " + cmd);
            hooks.runOrThrow("start " + g.name(), cmd, spec.hooks().timeout());
        }
        if (g.local() && !localServers.containsKey(g.name())) {
            long t0 = System.nanoTime();
            try {
                ServerConfig config = new ServerConfig(g.address(), spec.port(), false, Transport.AUTO, 0,
                        Duration.ofSeconds(10), 64);
                localServers.put(g.name(), Server.start(config, new PrintStream(OutputStream.nullOutputStream())));
            } catch (RuntimeException e) {
                // a local server that cannot bind fails every test the same way: stop, like a failed start hook
                throw new HookFailedException(new HookResult("start " + g.name() + " (local server on "
                        + g.address() + ":" + spec.port() + ")", "(in-process jloadgen server)", 1, false,
                        String.valueOf(e), (System.nanoTime() - t0) / 1_000_000));
            }
        }
    }

    private void stop(GuestSpec g) throws HookFailedException, InterruptedException {
        Server local = localServers.remove(g.name());
        if (local != null) {
            local.close();
            // close() returns before the port is released; the next session binds the same address and port
            local.awaitTermination();
        }
        if (spec.hooks().stop() != null) {
            String cmd = HookTemplate.fill(spec.hooks().stop(), HookTemplate.forGuest(g, variant));
            progress.message("stop " + g.name() + ": " + cmd);
            hooks.runOrThrow("stop " + g.name(), cmd, spec.hooks().timeout());
        }
    }

    /** Closes local servers still running (after a hook failure or a stop request). */
    @Override
    public void close() {
        for (Server s : localServers.values()) {
            s.close();
        }
        localServers.clear();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
