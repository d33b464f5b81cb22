package io.jloadgen.cli;

import io.jloadgen.api.Server;
import io.jloadgen.config.ServerAuth;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code jloadgen client --username --rsa-public-key-path} as a real process: the password from
 * IPERF3_PASSWORD, from the console with echo off (under {@code script}, which gives the client a terminal), or a
 * usage error when there is neither; against jloadgen's server and the stock iperf3 3.12 server. Keys are made
 * here with Java's KeyPairGenerator, written as PEM the way iperf3 reads them.
 */
@Timeout(120)
class ClientAuthCommandTest {
    private static final long PROCESS_TIMEOUT_S = 30;

    @TempDir
    static Path dir;
    private static Path publicKey;
    private static Path privateKey;
    private static Path users;
    private static Server server;

    @BeforeAll
    static void keysAndServer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        publicKey = Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        privateKey = Files.writeString(dir.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("{alice}s3cret".getBytes(StandardCharsets.UTF_8)));
        users = Files.writeString(dir.resolve("users.csv"), "alice," + hash + "\n");
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8)
                        .withAuth(new ServerAuth(privateKey, users, false, Duration.ofSeconds(10))),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private record Run(int exitCode, String output) {
    }

    private static List<String> client(int port, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jloadgen.cli.Main", "client", "127.0.0.1",
                "-p", String.valueOf(port), "-t", "1", "--username", "alice", "--rsa-public-key-path", publicKey.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Runs {@code cmd} with IPERF3_PASSWORD set to {@code password} (null: unset), stdin from nothing. */
    private static Run run(String password, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.remove(ClientCommand.PASSWORD_VARIABLE);
        if (password != null) {
            env.put(ClientCommand.PASSWORD_VARIABLE, password);
        }
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = copy(p.getInputStream(), out);
        boolean ended = p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(5000);
        assertThat(ended).as("%s ended within %d s: %s", cmd, PROCESS_TIMEOUT_S, out).isTrue();
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static Thread copy(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (out) {
                        out.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void thePasswordComesFromIperf3sVariable() throws Exception {
        Run good = run("s3cret", client(server.port()));
        assertThat(good.exitCode()).as(good.output()).isZero();
        assertThat(good.output()).contains("receiver").contains("iperf Done.");

        Run bad = run("guess", client(server.port()));
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(JloadgenCommand.EXIT_FAILURE);
        assertThat(bad.output()).contains("test authorization failed: the server refused user 'alice'");
    }

    @Test
    void withoutThePasswordOrAConsoleItIsAUsageErrorNamingTheVariable() throws Exception {
        Run r = run(null, client(server.port()));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(JloadgenCommand.EXIT_USAGE);
        assertThat(r.output()).contains("--username: no password: set IPERF3_PASSWORD (there is no console to ask for it on)");
    }

    @Test
    void optionsThatGoTogetherAreCheckedFirst() throws Exception {
        Run r = run("s3cret", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jloadgen.cli.Main", "client", "127.0.0.1",
                "--username", "alice"));
        assertThat(r.exitCode()).isEqualTo(JloadgenCommand.EXIT_USAGE);
        assertThat(r.output()).contains("--username and --rsa-public-key-path go together");
        r = run("s3cret", client(server.port(), "--iperf2"));
        assertThat(r.exitCode()).isEqualTo(JloadgenCommand.EXIT_USAGE);
        assertThat(r.output()).contains("not with --iperf2 or --bounceback");
    }

    /** iperf3's own behaviour without IPERF3_PASSWORD: "Password: " on the terminal, read with echo off. */
    @Test
    void onATerminalThePasswordIsAskedForWithoutEcho() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) gives the client a terminal");
        String command = String.join(" ", client(server.port()).stream().map(a -> "'" + a + "'").toList());
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null").redirectErrorStream(true);
        pb.environment().remove(ClientCommand.PASSWORD_VARIABLE);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = copy(p.getInputStream(), out);
        try (OutputStream typing = p.getOutputStream()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROCESS_TIMEOUT_S);
            while (!text(out).contains("Password: ")) { // type only once asked: a terminal echoes what comes early
                assertThat(System.nanoTime()).as("asked for the password: %s", text(out)).isLessThan(deadline);
                assertThat(p.isAlive()).as("still running: %s", text(out)).isTrue();
                Thread.sleep(20);
            }
            typing.write("s3cret\n".getBytes(StandardCharsets.US_ASCII));
            typing.flush();
            boolean ended = p.waitFor(PROCESS_TIMEOUT_S, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(5000);
            assertThat(ended).as("ended: %s", text(out)).isTrue();
        }
        assertThat(p.exitValue()).as(text(out)).isZero();
        assertThat(text(out)).contains("iperf Done.").doesNotContain("s3cret");
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void stockIperf3ServerAcceptsTheRightPasswordWithPkcs1Padding() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/iperf3")), "iperf3 is not installed: interoperability test skipped");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process iperf3 = new ProcessBuilder("iperf3", "-s", "-B", "127.0.0.1", "-p", String.valueOf(port), "--forceflush",
                "--rsa-private-key-path", privateKey.toString(), "--authorized-users-path", users.toString())
                .redirectErrorStream(true).start();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        copy(iperf3.getInputStream(), log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text(log).contains("Server listening")) {
                assertThat(System.nanoTime()).as("iperf3 listening: %s", text(log)).isLessThan(deadline);
                Thread.sleep(20);
            }
            Run good = run("s3cret", client(port, "--use-pkcs1-padding"));
            assertThat(good.exitCode()).as("%s\n%s", good.output(), text(log)).isZero();
            assertThat(good.output()).contains("iperf Done.");

            // iperf3 3.12 closes its listener after each test and opens a new one; a client connecting in
            // between is reset: wait for the next test's banner
            long again = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!text(log).contains("(test #2)")) {
                assertThat(System.nanoTime()).as("iperf3 listening again: %s", text(log)).isLessThan(again);
                Thread.sleep(20);
            }
            Run bad = run("guess", client(port, "--use-pkcs1-padding"));
            assertThat(bad.exitCode()).as(bad.output()).isEqualTo(JloadgenCommand.EXIT_FAILURE);
            assertThat(bad.output()).contains("test authorization failed");
        } finally {
            iperf3.destroy();
            if (!iperf3.waitFor(5, TimeUnit.SECONDS)) {
                iperf3.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
