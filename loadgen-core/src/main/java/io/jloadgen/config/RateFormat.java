package io.jloadgen.config;

/** iperf3's {@code -f} letters: k/m/g/t fix the bitrate unit in bits/sec, K/M/G/T in Bytes/sec; 'a' adapts it. */
public final class RateFormat {
    /** No {@code -f}: bits/sec with the unit chosen by the size of the rate. */
    public static final char ADAPTIVE = 'a';
    private static final String LETTERS = "kmgtKMGT";

    private RateFormat() {
    }

    /** {@code -f}'s argument as its letter. */
    public static char parse(String text) {
        if (text.length() != 1) {
            throw invalid(text);
        }
        return require(text.charAt(0));
    }

    /** {@code format} itself, when it is one of iperf3's letters or {@link #ADAPTIVE}. */
    public static char require(char format) {
        if (format != ADAPTIVE && LETTERS.indexOf(format) < 0) {
            throw invalid(String.valueOf(format));
        }
        return format;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("-f/--format: one of k m g t (bits/sec) or K M G T (Bytes/sec), not '" + text + "'");
    }
}
