package io.jloadgen.cli;

import io.jloadgen.matrix.CampaignOutcome;
import io.jloadgen.matrix.ProgressListener;
import io.jloadgen.matrix.ResultRecord;
import io.jloadgen.matrix.TestKey;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/**
 * Campaign progress on a terminal: a progress bar with ETA over the tests still to run (so a resumed campaign's
 * ETA is not skewed by what was done before), and the latest event or recorded figure as its message. The
 * per-test lines are in the result file and in {@code --plain} mode; here they would scroll the bar away.
 */
final class ProgressBarListener implements ProgressListener {
    private final PrintWriter out;
    private ProgressBar bar;

    ProgressBarListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void campaignStarted(String experiment, String variant, int total, int recorded) {
        out.printf("campaign %s, variant %s: %d tests, %d already recorded%n", experiment, variant, total, recorded);
        out.flush();
        bar = new ProgressBarBuilder().setTaskName(variant).setInitialMax(total - recorded)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).continuousUpdate().build();
    }

    @Override
    public void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(shorten(text));
        } else { // between the blocks of --all (checks, switches): no bar to carry it
            out.println("  " + text);
            out.flush();
        }
    }

    @Override
    public void testStarted(TestKey key, int attempt) {
        message(key.direction().label() + " g" + key.guests() + " s" + key.streams() + " r" + key.repeat()
                + (attempt > 1 ? " attempt " + attempt : ""));
    }

    @Override
    public void testRetrying(TestKey key, int attempt, String reason) {
        message("retrying: " + reason);
    }

    @Override
    public void testRecorded(TestKey key, ResultRecord record) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(shorten(PlainProgressListener.describe(key, record)));
        }
    }

    @Override
    public void campaignFinished(CampaignOutcome outcome) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static String shorten(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
