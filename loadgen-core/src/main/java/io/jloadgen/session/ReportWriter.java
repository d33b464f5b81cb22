package io.jloadgen.session;

/** Receives a test's progress as it happens; text and JSON output implement it. Called on one thread at a time. */
public interface ReportWriter {
    void start(StartInfo info);

    void interval(IntervalReport report);

    void end(TestSummary summary);

    /** The test failed; {@code message} says why in one line. */
    void error(String message);

    /**
     * The server's own output, asked for with {@code --get-server-output}: its text, or its JSON document when
     * it ran with {@code -J} (either may be null). Called just before {@link #end}. Writes nothing by default.
     */
    default void serverOutput(String text, com.fasterxml.jackson.databind.JsonNode json) {
    }

    /** A writer that writes nothing. */
    ReportWriter NONE = new ReportWriter() {
        @Override
        public void start(StartInfo info) {
        }

        @Override
        public void interval(IntervalReport report) {
        }

        @Override
        public void end(TestSummary summary) {
        }

        @Override
        public void error(String message) {
        }
    };
}
