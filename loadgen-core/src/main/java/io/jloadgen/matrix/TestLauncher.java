package io.jloadgen.matrix;

import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.TestResult;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.LatencyProbeConfig;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * Starts one client test; completes when it has ended, never exceptionally. The campaign's only way to
 * run traffic, so it is one seam: production uses {@link #API}, campaign-logic tests a scripted one.
 */
@FunctionalInterface
public interface TestLauncher {
    /**
     * @param config the client's settings
     * @param probe  the latency probe beside the streams ({@code latency_probe}), null for none; its round trips
     *               are in the result's JSON, {@code end.latency_probe}
     */
    CompletableFuture<TestResult> start(ClientConfig config, LatencyProbeConfig probe);

    /** {@link Client#start} without output: the matrix reads the {@link TestResult}. */
    TestLauncher API = (config, probe) -> Client.start(config, OutputFormat.NONE,
            new PrintStream(OutputStream.nullOutputStream()), false, probe);
}
