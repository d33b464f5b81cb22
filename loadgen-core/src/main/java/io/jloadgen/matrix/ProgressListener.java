package io.jloadgen.matrix;

/**
 * What a running campaign tells its user. Called on the campaign thread, in order; implementations must
 * return quickly. Every method has a do-nothing default so a listener overrides what it shows.
 */
public interface ProgressListener {
    /** Before the first test: {@code total} tests in the plan, {@code recorded} of them already on disk. */
    default void campaignStarted(String experiment, String variant, int total, int recorded) {
    }

    /** A line worth showing: a hook running, guests coming up, a warning. */
    default void message(String line) {
    }

    /** A test begins; {@code attempt} is 1-based. */
    default void testStarted(TestKey key, int attempt) {
    }

    /** An attempt failed and the test will be tried again. */
    default void testRetrying(TestKey key, int attempt, String reason) {
    }

    /** A test's record is on disk. */
    default void testRecorded(TestKey key, ResultRecord record) {
    }

    /** The campaign ended (completed, stopped, or a hook failed). */
    default void campaignFinished(CampaignOutcome outcome) {
    }

    ProgressListener NONE = new ProgressListener() {
    };
}
