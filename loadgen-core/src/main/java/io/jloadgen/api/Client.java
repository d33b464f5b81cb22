package io.jloadgen.api;

import io.jloadgen.config.ClientConfig;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/** Runs client tests against an iperf3-protocol server: the one entry for the CLI, the matrix and embedders. */
public final class Client {
    private Client() {
    }

    /** Runs one test to its end and returns what it measured; a failed test returns ok=false with the reason. */
    public static TestResult run(ClientConfig config, OutputFormat format, PrintStream out) {
        return start(config, format, out).join();
    }

    /** Starts one test and completes when it has ended (never exceptionally: failures are in the result). */
    public static CompletableFuture<TestResult> start(ClientConfig config, OutputFormat format, PrintStream out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
