package io.jloadgen.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * iperf3's {@code --timestamps}: writes the time, formatted by a strftime-style format, at the start of every
 * line. The common conversions are supported (%a %A %b %B %c %d %e %F %H %I %j %m %M %p %S %T %y %Y %z %Z %%);
 * any other is copied as written.
 */
final class LineTimestamps extends OutputStream {
    /** iperf3's default: the locale's date and time, then a space. */
    static final String DEFAULT_FORMAT = "%c ";

    private final OutputStream out;
    private final String format;
    private final Clock clock;
    private final boolean flushLines;
    private boolean atLineStart = true;

    LineTimestamps(OutputStream out, String format, Clock clock, boolean flushLines) {
        this.out = out;
        this.format = format;
        this.clock = clock;
        this.flushLines = flushLines;
    }

    @Override
    public void write(int b) throws IOException {
        if (atLineStart) {
            out.write(strftime(format, ZonedDateTime.now(clock)).getBytes(StandardCharsets.UTF_8));
            atLineStart = false;
        }
        out.write(b);
        if (b == '\n') {
            atLineStart = true;
            if (flushLines) {
                out.flush();
            }
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** Formats {@code time} like C's strftime in the C locale. */
    static String strftime(String format, ZonedDateTime time) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                b.append(c);
                continue;
            }
            char conv = format.charAt(++i);
            String pattern = switch (conv) {
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                case 'b', 'h' -> "MMM";
                case 'B' -> "MMMM";
                case 'c' -> "EEE MMM ppd HH:mm:ss yyyy";
                case 'd' -> "dd";
                case 'e' -> "ppd";
                case 'F' -> "yyyy-MM-dd";
                case 'H' -> "HH";
                case 'I' -> "hh";
                case 'j' -> "DDD";
                case 'm' -> "MM";
                case 'M' -> "mm";
                case 'p' -> "a";
                case 'S' -> "ss";
                case 'T' -> "HH:mm:ss";
                case 'y' -> "yy";
                case 'Y' -> "yyyy";
                case 'z' -> "xx";
                case 'Z' -> "zzz";
                default -> null;
            };
            if (conv == '%') {
                b.append('%');
            } else if (pattern == null) {
                b.append('%').append(conv);
            } else {
                b.append(DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(time));
            }
        }
        return b.toString();
    }
}
