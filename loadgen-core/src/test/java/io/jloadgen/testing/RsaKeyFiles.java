package io.jloadgen.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An RSA key pair and an authorized-users file as iperf3 reads them: the public key as PEM "BEGIN PUBLIC KEY"
 * (SubjectPublicKeyInfo, what {@code PEM_read_bio_PUBKEY} takes), the private key as PEM "BEGIN PRIVATE KEY"
 * (PKCS#8, one of the forms {@code PEM_read_bio_PrivateKey} takes), users as {@code name,sha256hex("{name}password")}.
 */
public record RsaKeyFiles(KeyPair pair, Path publicKey, Path privateKey, Path users) {

    /** A fresh 2048-bit pair in {@code dir}, and a users file of {@code user} with {@code password}. */
    public static RsaKeyFiles create(Path dir, String user, String password) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path publicKey = dir.resolve("public.pem");
        Path privateKey = dir.resolve("private.pem");
        Path users = dir.resolve("users.csv");
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("{" + user + "}" + password).getBytes(StandardCharsets.UTF_8)));
        Files.writeString(users, "# username,sha256(\"{username}password\")\n" + user + "," + hash + "\n");
        return new RsaKeyFiles(pair, publicKey, privateKey, users);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
