package io.jloadgen.hostile;

import io.jloadgen.api.Client;
import io.jloadgen.api.OutputFormat;
import io.jloadgen.api.Server;
import io.jloadgen.config.ClientConfig;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A jloadgen client or server in a JVM of its own, so a test can kill it with SIGKILL as an operator or
 * the OOM killer would. The child prints "READY <port>" once it is serving or connected.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line.substring(6).trim());
                    }
                }
            } catch (IOException e) {
                // the child ended
            }
            ready.complete(null);
        }, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} of this class in a child JVM with the test class path; waits (bounded) for READY. */
    static ChildJvm start(String role, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ChildJvm.class.getName(), role));
        cmd.addAll(List.of(args));
        ChildJvm child = new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        String port = child.ready.get(30, TimeUnit.SECONDS);
        if (port == null) {
            throw new AssertionError("child JVM " + role + " exited before it was ready");
        }
        return child;
    }

    String readyValue() {
        return ready.getNow(null);
    }

    /** SIGKILL: no shutdown hooks, no FIN from the application; the kernel closes its sockets. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the child JVM survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** Child entry: {@code server} (listens on an ephemeral port) or {@code client PORT SECONDS}. */
    public static void main(String[] args) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        switch (args[0]) {
            case "server" -> {
                Server server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2,
                        Duration.ofSeconds(5), 8), quiet);
                System.out.println("READY " + server.port());
                System.out.flush();
                server.awaitTermination();
            }
            case "client" -> {
                ClientConfig config = ClientConfig.builder("127.0.0.1").port(Integer.parseInt(args[1])).streams(2)
                        .duration(Duration.ofSeconds(Integer.parseInt(args[2]))).build();
                System.out.println("READY " + args[1]);
                System.out.flush();
                Client.run(config, OutputFormat.NONE, quiet);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
