package io.jloadgen.session;

import io.jloadgen.config.ClientAuth;
import io.jloadgen.protocol.AuthToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * The client's side of iperf3's authentication: the server's public key, read once, and a fresh token for each
 * test, stamped with the time it is sent (iperf3's {@code send_parameters}), so the server's skew check sees
 * when the test asked, not when the program started.
 *
 * <p>Immutable; {@link #token()} may be called from any thread.
 */
final class ClientCredentials {
    private static final long MAX_KEY_BYTES = 64 * 1024;

    private final ClientAuth auth;
    private final RSAPublicKey key;
    private final LongSupplier nowS;

    ClientCredentials(ClientAuth auth, RSAPublicKey key, LongSupplier nowS) {
        this.auth = auth;
        this.key = key;
        this.nowS = nowS;
    }

    /** Reads the key and checks a token fits in it; a problem names the option. */
    static ClientCredentials load(ClientAuth auth) {
        RSAPublicKey key = readPublicKey(auth);
        ClientCredentials credentials = new ClientCredentials(auth, key, () -> System.currentTimeMillis() / 1000);
        try {
            credentials.token();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--username: " + e.getMessage());
        }
        return credentials;
    }

    String username() {
        return auth.username();
    }

    boolean pkcs1Padding() {
        return auth.pkcs1Padding();
    }

    /** A token for a test that starts now. */
    String token() {
        return new AuthToken(auth.username(), auth.password(), nowS.getAsLong()).seal(key, auth.pkcs1Padding());
    }

    private static RSAPublicKey readPublicKey(ClientAuth auth) {
        String option = "--rsa-public-key-path: " + auth.publicKeyPath();
        String pem;
        try {
            if (Files.size(auth.publicKeyPath()) > MAX_KEY_BYTES) {
                throw new IllegalArgumentException(option + " is larger than 64 KiB");
            }
            pem = Files.readString(auth.publicKeyPath(), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read it: " + e.getMessage());
        }
        // iperf3 reads the key with PEM_read_bio_PUBKEY: SubjectPublicKeyInfo only, not "BEGIN RSA PUBLIC KEY"
        int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(option + " holds no PEM \"BEGIN PUBLIC KEY\" block "
                    + "(make one with: openssl pkey -in PRIVATE.pem -pubout)");
        }
        String body = pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
            return (RSAPublicKey) key;
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(option + " is not an RSA public key");
        }
    }
}
