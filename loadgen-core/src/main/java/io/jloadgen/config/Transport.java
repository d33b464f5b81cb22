package io.jloadgen.config;

import java.util.Locale;

/** Which Netty transport carries the sockets. {@link #AUTO} picks epoll when available, else NIO. */
public enum Transport {
    AUTO, EPOLL, IO_URING, NIO;

    /** The name used on the command line and in JSON output. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Transport value : values()) {
            if (value.label().equals(t) || (value == IO_URING && t.equals("iouring"))) {
                return value;
            }
        }
        throw new IllegalArgumentException("--transport: expected auto, epoll, io_uring or nio, not '" + text + "'");
    }
}
