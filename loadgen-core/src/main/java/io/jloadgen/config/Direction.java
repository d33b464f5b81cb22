package io.jloadgen.config;

/** Which way data flows relative to the client: iperf3's normal, {@code -R} and {@code --bidir}. */
public enum Direction {
    /** Client sends, server receives. */
    FORWARD,
    /** Server sends, client receives ({@code -R}). */
    REVERSE,
    /** Both at once ({@code --bidir}). */
    BIDIR;

    public boolean clientSends() {
        return this != REVERSE;
    }

    public boolean clientReceives() {
        return this != FORWARD;
    }
}
