package io.jloadgen.cli;

import io.jloadgen.matrix.CampaignOutcome;
import io.jloadgen.matrix.ProgressListener;
import io.jloadgen.matrix.ResultRecord;
import io.jloadgen.matrix.TestKey;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** Campaign progress as plain lines, for logs and pipes: one line per recorded test, with the count and its figure. */
final class PlainProgressListener implements ProgressListener {
    private final PrintWriter out;
    private int toRun;
    private int done;

    PlainProgressListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void campaignStarted(String experiment, String variant, int total, int recorded) {
        toRun = total - recorded;
        done = 0; // each block of --all starts its own count
        line("campaign %s, variant %s: %d tests, %d already recorded, %d to run", experiment, variant, total, recorded,
                toRun);
    }

    @Override
    public void message(String text) {
        line("  %s", text);
    }

    @Override
    public void testRetrying(TestKey key, int attempt, String reason) {
        line("  attempt %d of %s failed: %s; retrying", attempt, key, reason);
    }

    @Override
    public void testRecorded(TestKey key, ResultRecord r) {
        done++;
        line("[%d/%d] %s", done, toRun, describe(key, r));
    }

    @Override
    public void campaignFinished(CampaignOutcome outcome) {
        out.flush();
    }

    /** One test's outcome in a line: aggregate, per guest, host CPU, flags; or why it failed. */
    static String describe(TestKey key, ResultRecord r) {
        String head = String.format(Locale.ROOT, "%s %s guests=%d streams=%d repeat=%d%s", key.variant(),
                key.direction().label(), key.guests(), key.streams(), key.repeat(),
                key.block() == 0 ? "" : " block=" + key.block());
        if (!r.ok()) {
            return head + ": FAILED " + r.error();
        }
        String perGuest = r.guestGbps().stream().map(g -> String.format(Locale.ROOT, "%.2f", g))
                .collect(Collectors.joining(" "));
        String cpu = r.hostCpuPct() == null ? "" : String.format(Locale.ROOT, ", host cpu %.0f%%", r.hostCpuPct());
        String flags = r.flags() == null || r.flags().isEmpty() ? "" : " [" + String.join(", ", r.flags()) + "]";
        return String.format(Locale.ROOT, "%s: %.2f Gbit/s (%s)%s%s", head, r.throughputGbps(), perGuest, cpu, flags);
    }

    private void line(String format, Object... args) {
        out.printf(Locale.ROOT, format + "%n", args);
        out.flush();
    }
}
