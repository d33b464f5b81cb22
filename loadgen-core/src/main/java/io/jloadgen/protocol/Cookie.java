package io.jloadgen.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;

/**
 * iperf3's test cookie: 36 characters from {@code a-z2-7} followed by a NUL, 37 bytes on the wire. The
 * client sends it first on the control connection and on every data connection; the server matches
 * data connections to tests by it.
 */
public record Cookie(String text) {
    public static final int WIRE_LENGTH = 37;
    private static final int TEXT_LENGTH = WIRE_LENGTH - 1;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Random RANDOM = new SecureRandom();

    public Cookie {
        if (!isValidText(text)) {
            throw new IllegalArgumentException("a cookie is 36 characters of a-z2-7");
        }
    }

    public static Cookie random() {
        char[] chars = new char[TEXT_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new Cookie(new String(chars));
    }

    /**
     * Decodes the 37 bytes read from the wire, or returns null when they are not a cookie. iperf3
     * itself does not check the characters; we do, so random bytes are told apart from a client.
     */
    public static Cookie decode(byte[] wire) {
        if (wire.length != WIRE_LENGTH || wire[TEXT_LENGTH] != 0) {
            return null;
        }
        String text = new String(wire, 0, TEXT_LENGTH, StandardCharsets.US_ASCII);
        return isValidText(text) ? new Cookie(text) : null;
    }

    public byte[] encode() {
        byte[] wire = new byte[WIRE_LENGTH];
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, wire, 0, ascii.length);
        return wire;
    }

    private static boolean isValidText(String text) {
        if (text == null || text.length() != TEXT_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
