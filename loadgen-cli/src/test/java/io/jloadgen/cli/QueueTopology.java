package io.jloadgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The topology of examples/netns-queue.toml for a test, built by that example's own script under a prefix and
 * subnets unique to the test (10.202.100-249, away from the example's 10.202.0-1), so that a concurrent run or
 * the leftover of a crashed one cannot collide: the host, a router namespace shaping both its egresses with
 * tbf, and one guest namespace running {@code jloadgen server} (a child JVM: a thread cannot enter a
 * namespace). {@link #close()} removes it all and checks that nothing is left.
 */
final class QueueTopology implements AutoCloseable {
    static final int PORT = 5201;
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("examples/netns-queue.sh");

    private final String prefix = "jlqt" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final int subnet = 100 + 2 * ThreadLocalRandom.current().nextInt(75);
    private final String uplink = "10.202." + subnet;
    private final String lan = "10.202." + (subnet + 1);
    private final String rate;
    private boolean built;
    private Process server;
    private Path serverLog;

    private QueueTopology(String rate) {
        this.rate = rate;
    }

    /** Skips the calling test, saying why, without root or without {@code tools} (besides ip and tc). */
    static void assumeUsable(String test, String... tools) {
        assumeTrue(run(5, "id", "-u").out().strip().equals("0"), test + " needs root (network namespaces, tc): skipped");
        List<String> needed = new ArrayList<>(List.of("ip", "tc"));
        needed.addAll(List.of(tools));
        for (String tool : needed) {
            assumeTrue(run(5, "sh", "-c", "command -v " + tool).code() == 0,
                    test + " needs '" + tool + "' (iproute2, iputils-ping): skipped");
        }
        assertThat(SCRIPT).isRegularFile();
    }

    /**
     * Builds the router (tbf at {@code rate} with a queue of {@code limit}, tc units: 100mbit, 2mb) and one
     * guest, and starts the guest's server; skips the test when namespaces, veth, bridge or tbf are unusable.
     */
    static QueueTopology start(String test, String rate, String limit) throws IOException {
        QueueTopology t = new QueueTopology(rate);
        t.built = true;
        try {
            Outcome router = t.script("router", limit);
            assumeTrue(router.code() == 0, test + ": namespaces, veth, bridge or tbf unusable here: skipped ("
                    + router.err().strip() + ")");
            Outcome guest = t.script("guest", "g", t.guestAddress());
            assertThat(guest.code()).as("guest: %s", guest.err()).isZero();
            t.startServer();
            return t;
        } catch (RuntimeException | Error | IOException e) {
            t.close();
            throw e;
        }
    }

    String guestAddress() {
        return lan + ".11";
    }

    /** What the guest's server printed so far. */
    String serverLog() {
        try {
            return serverLog == null ? "" : Files.readString(serverLog);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.destroyForcibly();
            try {
                server.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!built) {
            return;
        }
        Outcome cleanup = script("cleanup");
        assertThat(run(5, "ip", "netns", "list").out()).as("namespaces left: %s", cleanup).doesNotContain(prefix);
    }

    private void startServer() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        serverLog = Files.createTempFile(prefix, ".log");
        server = new ProcessBuilder("ip", "netns", "exec", prefix + "-g", java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "io.jloadgen.cli.Main", "server", "-B", guestAddress(),
                "-p", String.valueOf(PORT)).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!serverLog().contains("Server listening")) {
            assertThat(server.isAlive()).as("server exited: %s", serverLog()).isTrue();
            assertThat(System.nanoTime()).as("server not listening within 20 s: %s", serverLog()).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private Outcome script(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "JLQ_PREFIX=" + prefix, "JLQ_UPLINK=" + uplink,
                "JLQ_LAN=" + lan, "JLQ_RATE=" + rate, "sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        return run(30, command.toArray(String[]::new));
    }

    record Outcome(int code, String out, String err) {
    }

    /** Runs a command to its end, killed after {@code timeoutS}. */
    static Outcome run(int timeoutS, String... command) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutS + " s");
            }
            return new Outcome(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("running " + String.join(" ", command), e);
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
