package io.jloadgen.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the real iperf3 / iperf binaries for interoperability tests, every run bounded in time. */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** Skips the calling test, saying so, when the binary is not installed (.ci/run installs it). */
    public static void assumeInstalled(String binary) {
        boolean found = List.of("/usr/bin/", "/usr/local/bin/", "/bin/").stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir + binary)));
        if (!found) {
            System.err.println("SKIPPED: '" + binary + "' is not installed; interoperability test not run "
                    + "(apt-get install " + binary + ")");
        }
        assumeTrue(found, binary + " is not installed: interoperability test skipped");
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (bounded) until something listens on 127.0.0.1:{@code port}, read from /proc/net/tcp rather than
     * by connecting, which a server would count as a client (iperf 2's {@code -y C} prints no banner).
     */
    public static void awaitListening(int port, long timeoutMs) {
        String local = String.format(":%04X ", port);
        Await.until(timeoutMs, "something listens on port " + port, () -> {
            try {
                return Files.readAllLines(Path.of("/proc/net/tcp")).stream()
                        .anyMatch(l -> l.contains(local) && l.trim().split("\\s+")[3].equals("0A"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Output and exit code of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command to completion, killing it after {@code timeoutS}. */
    public static Result run(int timeoutS, String... command) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutS + " s");
            }
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("running " + String.join(" ", command), e);
        }
    }

    /** A background server process, killed on close. */
    public static final class Background implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new ArrayList<>();

        private Background(Process process) {
            this.process = process;
        }

        /**
         * Starts {@code command} and waits (bounded) until a line of its output contains {@code readyText};
         * with a null {@code readyText}, does not wait (see {@link #awaitListening}).
         */
        public static Background start(String readyText, int timeoutS, String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                Background bg = new Background(p);
                CompletableFuture<Void> ready = new CompletableFuture<>();
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            synchronized (bg.lines) {
                                bg.lines.add(line);
                            }
                            if (readyText != null && line.contains(readyText)) {
                                ready.complete(null);
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    ready.complete(null);
                }, "output-of-" + command[0]);
                reader.setDaemon(true);
                reader.start();
                if (readyText == null) {
                    ready.complete(null);
                }
                ready.get(timeoutS, TimeUnit.SECONDS);
                if (!p.isAlive()) {
                    throw new AssertionError(String.join(" ", command) + " exited: " + bg.output());
                }
                return bg;
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("starting " + String.join(" ", command), e);
            }
        }

        /** A stock {@code iperf3 -s} on 127.0.0.1:{@code port}, once it says it is listening. */
        public static Background iperf3Server(int port) {
            return start("Server listening", 10, "iperf3", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port),
                    "--forceflush");
        }

        public String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
