package io.jloadgen.matrix;

/** A spec file or override that is not valid; the message starts with the key at fault. */
public final class SpecException extends IllegalArgumentException {
    private final String key;

    public SpecException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The offending key, dotted as in the file, e.g. {@code hooks.ready_timeout} or {@code guests[2].address}. */
    public String key() {
        return key;
    }
}
