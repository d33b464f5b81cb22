package io.jloadgen.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * iperf3-compatible authentication of clients by the server.
 *
 * @param privateKeyPath      RSA private key in PEM, PKCS#8 or PKCS#1, unencrypted ({@code --rsa-private-key-path})
 * @param authorizedUsersPath lines {@code username,sha256hex("{username}password")} ({@code --authorized-users-path})
 * @param pkcs1Padding        accept tokens with PKCS#1 v1.5 padding, as iperf3 clients before 3.17 make them
 *                            ({@code --use-pkcs1-padding}); otherwise OAEP only
 * @param skewThreshold       how far a token's time may be from the server's ({@code --time-skew-threshold})
 */
public record ServerAuth(Path privateKeyPath, Path authorizedUsersPath, boolean pkcs1Padding, Duration skewThreshold) {
    public ServerAuth {
        Objects.requireNonNull(privateKeyPath, "--rsa-private-key-path");
        Objects.requireNonNull(authorizedUsersPath, "--authorized-users-path");
        Objects.requireNonNull(skewThreshold, "--time-skew-threshold");
        if (skewThreshold.isNegative() || skewThreshold.isZero()) {
            throw new IllegalArgumentException("--time-skew-threshold: must be positive");
        }
    }
}
