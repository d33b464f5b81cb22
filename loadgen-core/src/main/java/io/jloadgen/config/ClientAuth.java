package io.jloadgen.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * iperf3-compatible authentication of the client to the server: the server's public key encrypts a token with
 * the user, the password and the time, sent with the test parameters.
 *
 * @param username      user name in the server's authorized-users file ({@code --username})
 * @param password      the user's password; iperf3 reads it from {@code IPERF3_PASSWORD} or prompts for it
 * @param publicKeyPath the server's RSA public key, PEM "BEGIN PUBLIC KEY" ({@code --rsa-public-key-path})
 * @param pkcs1Padding  pad with PKCS#1 v1.5, as iperf3 servers before 3.17 expect ({@code --use-pkcs1-padding});
 *                      otherwise OAEP, as iperf3 3.17+ and jloadgen servers expect by default
 */
public record ClientAuth(String username, String password, Path publicKeyPath, boolean pkcs1Padding) {
    /** What the token's text can carry: iperf3's server reads each field with sscanf's %s. */
    private static final Pattern FIELD = Pattern.compile("\\S{1,256}");

    public ClientAuth {
        Objects.requireNonNull(username, "--username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(publicKeyPath, "--rsa-public-key-path");
        if (!FIELD.matcher(username).matches()) {
            throw new IllegalArgumentException("--username: must be 1..256 characters without white space, as iperf3's token needs");
        }
        if (!FIELD.matcher(password).matches()) {
            throw new IllegalArgumentException("password (IPERF3_PASSWORD): must be 1..256 characters without white space, "
                    + "as iperf3's token needs");
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ClientAuth[username=" + username + ", password=(hidden), publicKeyPath=" + publicKeyPath
                + ", pkcs1Padding=" + pkcs1Padding + "]";
    }
}
