package io.jloadgen.matrix;

/** One attempt of a test failed (a guest refused, vanished, or did not finish); the message is the reason recorded. */
public final class TestFailedException extends Exception {
    public TestFailedException(String reason) {
        super(reason);
    }
}
