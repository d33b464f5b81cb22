package io.jloadgen.matrix;

/**
 * What identifies one test run of a campaign; {@code --resume} skips a key already in the result store.
 *
 * @param variant   variant label
 * @param direction direction
 * @param guests    number of guests in the test
 * @param streams   streams per guest
 * @param repeat    1-based repeat index
 */
public record TestKey(String variant, TestDirection direction, int guests, int streams, int repeat) {

    /** The key a stored record belongs to, or null when the record's direction is unknown to this version. */
    public static TestKey of(ResultRecord r) {
        for (TestDirection d : TestDirection.values()) {
            if (d.label().equals(r.direction())) {
                return new TestKey(r.variant(), d, r.guests(), r.streams(), r.repeat());
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return variant + " " + direction.label() + " guests=" + guests + " streams=" + streams + " repeat=" + repeat;
    }
}
