package io.jloadgen.config;

import java.util.Locale;
import java.util.Map;

/**
 * iperf3's {@code -S/--tos} and {@code --dscp} values, as the IP type-of-service byte they set. Numbers may be
 * decimal, octal ({@code 064}) or hex ({@code 0x34}), as iperf3 reads them; {@code --dscp} also takes the RFC names
 * (AF11..AF43, CS0..CS7, EF, LE), whose byte values are those of Linux's {@code <netinet/ip.h>}.
 */
public final class TypeOfService {
    private static final Map<String, Integer> DSCP_NAMES = Map.ofEntries(
            Map.entry("af11", 0x28), Map.entry("af12", 0x30), Map.entry("af13", 0x38),
            Map.entry("af21", 0x48), Map.entry("af22", 0x50), Map.entry("af23", 0x58),
            Map.entry("af31", 0x68), Map.entry("af32", 0x70), Map.entry("af33", 0x78),
            Map.entry("af41", 0x88), Map.entry("af42", 0x90), Map.entry("af43", 0x98),
            Map.entry("cs0", 0x00), Map.entry("cs1", 0x20), Map.entry("cs2", 0x40), Map.entry("cs3", 0x60),
            Map.entry("cs4", 0x80), Map.entry("cs5", 0xa0), Map.entry("cs6", 0xc0), Map.entry("cs7", 0xe0),
            Map.entry("ef", 0xb8), Map.entry("le", 0x04));

    private TypeOfService() {
    }

    /** {@code -S/--tos}: the byte itself, 0..255. */
    public static int parseTos(String text) {
        long v = parseNumber(text, "-S/--tos");
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("-S/--tos: must be 0..255, not " + text);
        }
        return (int) v;
    }

    /** {@code --dscp}: a code point 0..63 (shifted into the byte's upper six bits) or its name. */
    public static int parseDscp(String text) {
        Integer named = DSCP_NAMES.get(text.trim().toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        long v;
        try {
            v = parseNumber(text, "--dscp");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dscp: a code point 0..63 or a name (af11..af43, cs0..cs7, ef, le), not '"
                    + text + "'");
        }
        if (v < 0 || v > 63) {
            throw new IllegalArgumentException("--dscp: must be 0..63, not " + text);
        }
        return (int) v << 2;
    }

    private static long parseNumber(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("0x")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (t.length() > 1 && t.startsWith("0")) {
                return Long.parseLong(t.substring(1), 8);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: '" + text + "'");
        }
    }
}
