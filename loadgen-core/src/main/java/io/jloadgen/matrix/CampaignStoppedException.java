package io.jloadgen.matrix;

/** A guard of an {@code --all} campaign stopped it before a test could be recorded under a wrong label. */
final class CampaignStoppedException extends Exception {
    CampaignStoppedException(String message) {
        super(message);
    }
}
