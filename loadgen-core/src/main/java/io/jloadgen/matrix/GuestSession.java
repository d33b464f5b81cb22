package io.jloadgen.matrix;

import java.util.List;

/**
 * One stretch of a campaign with the same guests up: start the first {@code guestCount} guests, run
 * {@code tests}, stop them. The reference experiment boots fresh guests per repeat, not per stream count.
 *
 * @param guestCount guests started
 * @param repeat     1-based repeat index
 * @param tests      tests run while they are up, in order
 */
public record GuestSession(int guestCount, int repeat, List<TestKey> tests) {
    public GuestSession {
        tests = List.copyOf(tests);
    }
}
