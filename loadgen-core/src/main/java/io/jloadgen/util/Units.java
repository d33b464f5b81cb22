package io.jloadgen.util;

import java.time.Duration;
import java.util.Locale;

/**
 * Parsing and formatting of sizes, rates and durations, the way iperf3 writes them.
 * Sizes are binary (K = 1024), rates are SI (K = 1000) and in bits per second; the conversion
 * happens here, once.
 */
public final class Units {
    private Units() {
    }

    /** Parses a byte size such as {@code 128K}, {@code 1M}, {@code 4096}; K/M/G/T are powers of 1024. */
    public static long parseBytes(String text) {
        return parseScaled(text, 1024, "size");
    }

    /** Parses a rate in bits per second such as {@code 10M}, {@code 1G}, {@code 0}; K/M/G/T are powers of 1000. */
    public static long parseBitsPerSecond(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash >= 0) {
            t = t.substring(0, slash); // iperf3's "rate/burst" form; burst is not supported yet
        }
        return parseScaled(t, 1000, "rate");
    }

    /** Parses a duration: a plain number is seconds; suffixes ms, s, m, h are accepted. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        try {
            if (t.endsWith("ms")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(t.substring(0, t.length() - 2)) * 1e6));
            }
            double scale = 1;
            char last = t.charAt(t.length() - 1);
            if (Character.isLetter(last)) {
                scale = switch (last) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    default -> throw new IllegalArgumentException("unknown duration unit '" + last + "' in '" + text + "'");
                };
                t = t.substring(0, t.length() - 1);
            }
            double seconds = Double.parseDouble(t) * scale;
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("invalid duration '" + text + "'");
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid duration '" + text + "'", e);
        }
    }

    private static long parseScaled(String text, long base, String what) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        long factor = 1;
        char last = Character.toUpperCase(t.charAt(t.length() - 1));
        switch (last) {
            case 'K' -> factor = base;
            case 'M' -> factor = base * base;
            case 'G' -> factor = base * base * base;
            case 'T' -> factor = base * base * base * base;
            default -> {
            }
        }
        if (factor != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            double value = Double.parseDouble(t);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value) || value * factor > Long.MAX_VALUE) {
                throw new IllegalArgumentException("invalid " + what + " '" + text + "'");
            }
            return Math.round(value * factor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + " '" + text + "'", e);
        }
    }

    /** Formats bytes as iperf3 does in its text output: {@code 1.23 GBytes} (binary prefixes). */
    public static String formatBytes(double bytes) {
        String[] units = {"Bytes", "KBytes", "MBytes", "GBytes", "TBytes"};
        int i = 0;
        while (bytes >= 1024 * 1024 && i < units.length - 1) { // iperf3 keeps 4 digits before moving up
            bytes /= 1024;
            i++;
        }
        if (bytes >= 1024 && i < units.length - 1) {
            bytes /= 1024;
            i++;
        }
        return formatNumber(bytes) + " " + units[i];
    }

    /** Formats a rate as iperf3 does: {@code 21.8 Gbits/sec} (SI prefixes). */
    public static String formatBitsPerSecond(double bitsPerSecond) {
        String[] units = {"bits/sec", "Kbits/sec", "Mbits/sec", "Gbits/sec", "Tbits/sec"};
        int i = 0;
        while (bitsPerSecond >= 1000 && i < units.length - 1) {
            bitsPerSecond /= 1000;
            i++;
        }
        return formatNumber(bitsPerSecond) + " " + units[i];
    }

    /**
     * Formats a rate as {@code -f format} asks, iperf3's way: k/m/g/t fix the unit in bits/sec (SI), K/M/G/T in
     * Bytes/sec (binary), {@code 2.54 GBytes/sec} for 'G'; any other letter adapts the unit.
     */
    public static String formatRate(double bitsPerSecond, char format) {
        int power = "kmgt".indexOf(Character.toLowerCase(format)) + 1;
        if (power == 0) {
            return formatBitsPerSecond(bitsPerSecond);
        }
        boolean bytes = Character.isUpperCase(format);
        double v = bytes ? bitsPerSecond / 8 / Math.pow(1024, power) : bitsPerSecond / Math.pow(1000, power);
        return formatNumber(v) + " " + Character.toUpperCase(format) + (bytes ? "Bytes/sec" : "bits/sec");
    }

    private static String formatNumber(double v) {
        if (v < 9.995) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (v < 99.95) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** Bits per second from bytes moved over nanoseconds; 0 when no time passed. */
    public static double bitsPerSecond(long bytes, long elapsedNs) {
        return elapsedNs <= 0 ? 0 : bytes * 8.0 * 1e9 / elapsedNs;
    }
}
