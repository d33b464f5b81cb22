package io.jloadgen.matrix;

/**
 * How a campaign run ended.
 *
 * @param recordedOk     tests recorded ok by this run
 * @param recordedFailed tests recorded failed by this run
 * @param skipped        tests skipped because they were already on disk
 * @param stopped        whether it was stopped (SIGINT) before the plan was done
 * @param hookFailure    the failed hook's description when a hook stopped the campaign, else null
 */
public record CampaignOutcome(int recordedOk, int recordedFailed, int skipped, boolean stopped, String hookFailure) {
    public boolean complete() {
        return !stopped && hookFailure == null;
    }
}
