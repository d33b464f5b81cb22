package io.jloadgen.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jloadgen.config.ServerAuth;
import io.jloadgen.config.ServerConfig;
import io.jloadgen.config.Transport;
import io.jloadgen.protocol.Cookie;
import io.jloadgen.testing.Await;
import io.jloadgen.testing.ExternalTool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Cipher;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * iperf3-compatible authentication on the server, against the stock iperf3 3.12 client (which pads with
 * PKCS#1 v1.5, hence --use-pkcs1-padding) and against crafted tokens (CVE-2025-54349, CVE-2025-54350):
 * an authorized user runs; anyone else gets SERVER_ERROR 142 (IEAUTHTEST) and one log line.
 */
@Timeout(60)
class AuthenticationTest {
    private static final int IEAUTHTEST = 142;

    @TempDir
    static Path dir;
    private static Path privateKey;
    private static Path publicKey;
    private static Path users;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Server server;

    @BeforeAll
    static void keys() throws Exception {
        ExternalTool.assumeInstalled("openssl");
        privateKey = dir.resolve("private.pem");
        publicKey = dir.resolve("public.pem");
        run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", privateKey.toString());
        run("openssl", "pkey", "-in", privateKey.toString(), "-pubout", "-out", publicKey.toString());
        users = dir.resolve("users.csv");
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("{alice}s3cret".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(users, "# username,sha256(\"{username}password\")\n\nalice," + hash + "\nbob,0000\n");
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private void start(boolean pkcs1, Path key) {
        server = Server.start(new ServerConfig("127.0.0.1", 0, false, Transport.AUTO, 2, Duration.ofSeconds(5), 8)
                .withAuth(new ServerAuth(key, users, pkcs1, Duration.ofSeconds(10))), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** iperf3 -c with the password in IPERF3_PASSWORD, as iperf3 reads it; returns its -J document. */
    private JsonNode iperf3(String password, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("iperf3", "-c", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-t", "1", "-J"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (password != null) {
            pb.environment().put("IPERF3_PASSWORD", password);
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new ObjectMapper().readTree(out);
    }

    @Test
    void stockIperf3WithTheRightPasswordRuns() throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        start(true, privateKey);
        JsonNode doc = iperf3("s3cret", "--username", "alice", "--rsa-public-key-path", publicKey.toString());
        assertThat(doc.has("error")).as("%s\n%s", doc.path("error").asText(), log()).isFalse();
        assertThat(doc.at("/end/sum_received/bytes").longValue()).isEqualTo(doc.at("/end/sum_sent/bytes").longValue()).isPositive();
        Await.until(5000, "the server counted the test", () -> server.testsCompleted() == 1);
    }

    @Test
    void stockIperf3WithAWrongPasswordOrNoneIsRefused() throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        start(true, privateKey);
        assertThat(iperf3("guess", "--username", "alice", "--rsa-public-key-path", publicKey.toString()).path("error").asText())
                .contains("test authorization failed");
        assertThat(iperf3(null).path("error").asText()).contains("test authorization failed");
        Await.until(5000, "both refusals ended", () -> server.testsFailed() == 2);
        assertThat(log().lines().filter(l -> l.contains("ended: authentication failed"))).hasSize(2);
        assertThat(log()).contains("user 'alice' unknown or wrong password").contains("no authentication token");
        assertThat(server.testsCompleted()).isZero();
    }

    @Test
    void oaepServerRefusesPkcs1TokensOfOldClientsWithAReason() throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        start(false, privateKey);
        assertThat(iperf3("s3cret", "--username", "alice", "--rsa-public-key-path", publicKey.toString()).path("error").asText())
                .contains("test authorization failed");
        Await.until(5000, "the refusal is logged", () -> log().contains("--use-pkcs1-padding"));
    }

    @Test
    void pkcs1PemKeysAreReadToo() throws Exception {
        ExternalTool.assumeInstalled("iperf3");
        Path traditional = dir.resolve("private-pkcs1.pem");
        run("openssl", "pkey", "-in", privateKey.toString(), "-traditional", "-out", traditional.toString());
        assertThat(Files.readString(traditional)).contains("BEGIN RSA PRIVATE KEY");
        start(true, traditional);
        JsonNode doc = iperf3("s3cret", "--username", "alice", "--rsa-public-key-path", publicKey.toString());
        assertThat(doc.has("error")).as("%s\n%s", doc.path("error").asText(), log()).isFalse();
    }

    private static String seal(String text, boolean pkcs1) throws Exception {
        String pem = Files.readString(publicKey).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Cipher c = Cipher.getInstance(pkcs1 ? "RSA/ECB/PKCS1Padding" : "RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        c.init(Cipher.ENCRYPT_MODE, key);
        return Base64.getEncoder().encodeToString(c.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** CVE-2025-54349 / CVE-2025-54350 shapes: each crafted token is a refusal with a reason, never a crash. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty", "not base64", "oversized", "short", "one byte long", "wrong key", "no fields",
            "an hour old", "number type", "wrong padding"})
    void craftedTokensAreRefused(String shape) throws Exception {
        start(true, privateKey);
        long now = System.currentTimeMillis() / 1000;
        String good = "user: alice\npwd:  s3cret\nts:   ";
        String token = switch (shape) {
            case "empty" -> "\"\"";
            case "not base64" -> "\"!!!!\"";
            case "oversized" -> "\"" + "A".repeat(5000) + "\""; // over the token cap, inside the 64 KiB frame
            case "short" -> "\"" + Base64.getEncoder().encodeToString(new byte[255]) + "\"";
            case "one byte long" -> "\"" + Base64.getEncoder().encodeToString(new byte[257]) + "\"";
            case "wrong key" -> "\"" + Base64.getEncoder().encodeToString(new byte[256]) + "\"";
            case "no fields" -> "\"" + seal("alice:s3cret", true) + "\"";
            case "an hour old" -> "\"" + seal(good + (now - 3600), true) + "\"";
            case "number type" -> "12345";
            default -> "\"" + seal(good + now, false) + "\""; // OAEP where the server expects PKCS#1
        };
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(Cookie.random().encode());
            assertThat(in.readByte()).isEqualTo((byte) 9);
            byte[] json = ("{\"tcp\":true,\"time\":1,\"parallel\":1,\"authtoken\":" + token + "}").getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            assertThat(in.readByte()).isEqualTo((byte) -2); // SERVER_ERROR
            assertThat(in.readInt()).isEqualTo(IEAUTHTEST);
        }
        Await.until(5000, "the refusal is logged", () -> log().contains("ended: authentication failed"));
        assertThat(log().lines().filter(l -> l.contains("ended:"))).hasSize(1);
    }
}
