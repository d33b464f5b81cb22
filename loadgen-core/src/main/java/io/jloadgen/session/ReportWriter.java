package io.jloadgen.session;

/** Receives a test's progress as it happens; text and JSON output implement it. Called on one thread at a time. */
public interface ReportWriter {
    void start(StartInfo info);

    void interval(IntervalReport report);

    void end(TestSummary summary);

    /** The test failed; {@code message} says why in one line. */
    void error(String message);

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
