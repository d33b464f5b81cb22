package io.jloadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * iperf3's authentication token (its {@code iperf_auth.c}): the base64 of an RSA-encrypted text
 * {@code "user: NAME\npwd:  PASSWORD\nts:   UNIXSECONDS"}, sent as the {@code authtoken} parameter. Every
 * size is checked before use (CVE-2025-54349 was an off-by-one while decoding it) and every failure is a
 * {@link ProtocolException}, never an assertion (CVE-2025-54350).
 *
 * @param username   the user named in the token
 * @param password   the password in clear, to be hashed and compared by the caller
 * @param timestampS when the client made the token, Unix seconds
 */
public record AuthToken(String username, String password, long timestampS) {
    /** Base64 of a 16384-bit key's block is 2,732 characters; anything longer is not a token. */
    public static final int MAX_TOKEN_CHARS = 4096;
    /** The key of the token in the parameters JSON. */
    public static final String PARAMETER = "authtoken";
    private static final Pattern TEXT = Pattern.compile("user: (\\S{1,256})\npwd:  (\\S{1,256})\nts:   (-?\\d{1,18})");

    /**
     * This token as a client sends it: the text encrypted with the server's public key, in base64 without line
     * breaks. {@code pkcs1} selects PKCS#1 v1.5 padding (iperf3 before 3.17, and later with
     * {@code --use-pkcs1-padding}), otherwise OAEP (SHA-1, MGF1) as iperf3 3.17 and later use by default.
     *
     * @throws IllegalArgumentException when the text does not fit in one block of this key with this padding
     */
    public String seal(RSAPublicKey key, boolean pkcs1) {
        byte[] text = ("user: " + username + "\npwd:  " + password + "\nts:   " + timestampS).getBytes(StandardCharsets.UTF_8);
        int keyBytes = (key.getModulus().bitLength() + 7) / 8;
        int room = keyBytes - (pkcs1 ? 11 : 42); // padding overhead: PKCS#1 v1.5 11 bytes, OAEP-SHA-1 2 * 20 + 2
        if (text.length > room) {
            throw new IllegalArgumentException("user name and password too long for a " + keyBytes * 8 + "-bit key: the token's "
                    + text.length + " bytes exceed the " + room + " one RSA block holds");
        }
        try {
            Cipher cipher = Cipher.getInstance(pkcs1 ? "RSA/ECB/PKCS1Padding" : "RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key);
            return Base64.getEncoder().encodeToString(cipher.doFinal(text));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA encryption failed: " + e.getMessage(), e);
        }
    }

    /** The token in the client's parameters, or null when it sent none. */
    public static String fromParameters(JsonNode parameters) throws ProtocolException {
        return JsonFields.string(parameters, PARAMETER, MAX_TOKEN_CHARS);
    }

    /**
     * Decrypts and parses a token. {@code pkcs1} selects RSA PKCS#1 v1.5 padding, which iperf3 clients before
     * 3.17 use; otherwise OAEP (SHA-1, MGF1), as iperf3 3.17 and later use by default.
     */
    public static AuthToken decrypt(String token, RSAPrivateKey key, boolean pkcs1) throws ProtocolException {
        if (token.isEmpty()) {
            throw new ProtocolException("empty authentication token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new ProtocolException("authentication token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("authentication token is not base64");
        }
        int keyBytes = (key.getModulus().bitLength() + 7) / 8;
        if (sealed.length != keyBytes) {
            throw new ProtocolException("authentication token of " + sealed.length + " bytes for a " + keyBytes * 8
                    + "-bit key");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance(pkcs1 ? "RSA/ECB/PKCS1Padding" : "RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            cipher.init(Cipher.DECRYPT_MODE, key);
            plain = cipher.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("authentication token does not decrypt with this server's key"
                    + (pkcs1 ? "" : " (OAEP; clients before iperf3 3.17 need --use-pkcs1-padding)"));
        }
        Matcher m = TEXT.matcher(new String(plain, StandardCharsets.UTF_8));
        if (!m.matches()) {
            throw new ProtocolException("authentication token does not hold a user, password and time");
        }
        return new AuthToken(m.group(1), m.group(2), Long.parseLong(m.group(3)));
    }
}
