package io.jloadgen.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.jloadgen.config.ServerAuth;
import io.jloadgen.protocol.AuthToken;
import io.jloadgen.protocol.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Checks a client's iperf3 authentication token, as iperf3's server does: decrypt it with the server's RSA
 * key, check its time is within the skew threshold, and compare sha256("{user}password") with the user's
 * line in the authorized-users file. Key and users are read once, at start; a changed file needs a restart.
 *
 * <p>Immutable after construction; {@link #check} may run on any event loop at once.
 */
final class Authenticator {
    private static final long MAX_FILE_BYTES = 1 << 20;

    private final RSAPrivateKey key;
    private final Map<String, byte[]> hashByUser;
    private final boolean pkcs1;
    private final long skewS;
    private final LongSupplier nowS;

    Authenticator(RSAPrivateKey key, Map<String, byte[]> hashByUser, boolean pkcs1, long skewS, LongSupplier nowS) {
        this.key = key;
        this.hashByUser = Map.copyOf(hashByUser);
        this.pkcs1 = pkcs1;
        this.skewS = skewS;
        this.nowS = nowS;
    }

    /** Reads the key and the users; a problem names the option. */
    static Authenticator load(ServerAuth auth) {
        String pem = read(auth.privateKeyPath(), "--rsa-private-key-path");
        RSAPrivateKey key;
        try {
            key = readPrivateKey(pem);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--rsa-private-key-path: " + auth.privateKeyPath()
                    + " is not an unencrypted RSA private key in PEM (PKCS#8 or PKCS#1)");
        }
        Map<String, byte[]> users = readUsers(read(auth.authorizedUsersPath(), "--authorized-users-path"));
        return new Authenticator(key, users, auth.pkcs1Padding(), auth.skewThreshold().toSeconds(),
                () -> System.currentTimeMillis() / 1000);
    }

    /** Null when the parameters carry a valid token of an authorized user; else why not, for the log. */
    String check(JsonNode parameters) {
        try {
            String token = AuthToken.fromParameters(parameters);
            if (token == null) {
                return "no authentication token (the client needs --username and --rsa-public-key-path)";
            }
            AuthToken t = AuthToken.decrypt(token, key, pkcs1);
            long skew = Math.abs(nowS.getAsLong() - t.timestampS());
            if (skew > skewS) {
                return "token of user '" + t.username() + "' is " + skew + " s off the server's clock (threshold " + skewS + " s)";
            }
            byte[] stored = hashByUser.get(t.username());
            byte[] offered = hashHex(t.username(), t.password());
            // compare in constant time, and compare something even for an unknown user
            boolean match = MessageDigest.isEqual(stored == null ? new byte[offered.length] : stored, offered);
            if (stored == null || !match) {
                return "user '" + t.username() + "' unknown or wrong password";
            }
            return null;
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    /** sha256 of "{user}password" in lower-case hex, as iperf3's authorized-users file holds it. */
    static byte[] hashHex(String user, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("{" + user + "}" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String read(java.nio.file.Path path, String option) {
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(option + ": " + path + " is larger than 1 MiB");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + path + ": " + e.getMessage());
        }
    }

    /** Lines "user,sha256hex"; empty lines, lines starting with '#' and lines without a comma are skipped. */
    static Map<String, byte[]> readUsers(String text) {
        Map<String, byte[]> users = new HashMap<>();
        for (String line : text.split("\r?\n")) {
            int comma = line.indexOf(',');
            if (line.isEmpty() || line.startsWith("#") || comma < 0) {
                continue;
            }
            String hash = line.substring(comma + 1).trim().toLowerCase(java.util.Locale.ROOT);
            users.put(line.substring(0, comma), hash.getBytes(StandardCharsets.US_ASCII));
        }
        return users;
    }

    static RSAPrivateKey readPrivateKey(String pem) throws GeneralSecurityException {
        if (pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException("encrypted key");
        }
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        if (pkcs1) {
            der = pkcs1ToPkcs8(der);
        }
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Wraps a PKCS#1 RSAPrivateKey in PKCS#8's PrivateKeyInfo: version 0, rsaEncryption, the key as an octet string. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] versionAndAlgorithm = HexFormat.of().parseHex("020100300d06092a864886f70d0101010500");
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(versionAndAlgorithm);
        inner.write(0x04);
        writeLength(inner, pkcs1.length);
        inner.writeBytes(pkcs1);
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        outer.write(0x30);
        writeLength(outer, inner.size());
        outer.writeBytes(inner.toByteArray());
        return outer.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
    }
}
