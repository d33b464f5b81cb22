package io.jloadgen.matrix;

/**
 * What identifies one test run of a campaign; {@code --resume} skips a key already in the result store.
 *
 * @param variant   variant label
 * @param direction direction
 * @param guests    number of guests in the test
 * @param streams   streams per guest
 * @param repeat    1-based repeat index, counted per variant (across blocks with {@code --all})
 * @param block     1-based index into the spec's {@code blocks} with {@code --all}; 0 for a single-variant run
 */
public record TestKey(String variant, TestDirection direction, int guests, int streams, int repeat, int block) {

    /** A key of a single-variant run ({@code --variant}), which has no block. */
    public TestKey(String variant, TestDirection direction, int guests, int streams, int repeat) {
        this(variant, direction, guests, streams, repeat, 0);
    }

    /** The key a stored record belongs to, or null when the record's direction is unknown to this version. */
    public static TestKey of(ResultRecord r) {
        for (TestDirection d : TestDirection.values()) {
            if (d.label().equals(r.direction())) {
                return new TestKey(r.variant(), d, r.guests(), r.streams(), r.repeat(),
                        r.block() == null ? 0 : r.block());
            }
        }
        return null;
    }

    /** The record's {@code block} field: null for a single-variant run. */
    Integer blockOrNull() {
        return block == 0 ? null : block;
    }

    @Override
    public String toString() {
        return variant + " " + direction.label() + " guests=" + guests + " streams=" + streams + " repeat=" + repeat
                + (block == 0 ? "" : " block=" + block);
    }
}
