package io.jloadgen.matrix;

import io.jloadgen.config.Direction;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which way a matrix test moves data, seen from the host. The host always runs the clients and the
 * guests only run servers, so guest-to-host is a reverse-mode ({@code -R}) test.
 */
public enum TestDirection {
    HOST_TO_GUEST("host-to-guest", Direction.FORWARD),
    GUEST_TO_HOST("guest-to-host", Direction.REVERSE),
    BIDIR("bidir", Direction.BIDIR);

    private final String label;
    private final Direction clientDirection;

    TestDirection(String label, Direction clientDirection) {
        this.label = label;
        this.clientDirection = clientDirection;
    }

    /** The spelling in spec files and in the result record's {@code direction} field. */
    public String label() {
        return label;
    }

    /** The direction the host-side client runs with. */
    public Direction clientDirection() {
        return clientDirection;
    }

    /** Parses a label; the message names {@code key} and lists the accepted spellings. */
    public static TestDirection parse(String text, String key) {
        for (TestDirection d : values()) {
            if (d.label.equals(text)) {
                return d;
            }
        }
        throw new SpecException(key, "expected one of " + labels() + ", not '" + text + "'");
    }

    static String labels() {
        return Arrays.stream(values()).map(TestDirection::label).collect(Collectors.joining(", "));
    }
}
