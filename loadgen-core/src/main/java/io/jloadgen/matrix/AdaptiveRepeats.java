package io.jloadgen.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides the extra guest sessions of adaptive repeats: a cell (direction, guests, streams) gets one more
 * repeat while the 95% CI half-width of its ok results exceeds {@code target_ci_pct} of the mean and it has
 * fewer than {@code max_repeats} records. Cells needing another repeat with the same guest count share a
 * session, so guests boot once per extra repeat, as in the planned part.
 */
final class AdaptiveRepeats {
    private AdaptiveRepeats() {
    }

    static List<GuestSession> nextSessions(MatrixSpec spec, String variant, List<ResultRecord> records) {
        // (guests, repeat) -> tests, ordered so sessions run by guest count then repeat
        Map<Long, List<TestKey>> sessions = new TreeMap<>();
        for (int guests : spec.guestCounts()) {
            for (int streams : spec.streams()) {
                for (TestDirection d : spec.directions()) {
                    List<Double> ok = new ArrayList<>();
                    int maxRepeat = 0;
                    for (ResultRecord r : records) {
                        if (r.variant().equals(variant) && r.direction().equals(d.label()) && r.guests() == guests
                                && r.streams() == streams) {
                            maxRepeat = Math.max(maxRepeat, r.repeat());
                            if (r.ok()) {
                                ok.add(r.throughputGbps());
                            }
                        }
                    }
                    // only cells with two ok values have a spread to judge; failures do not earn repeats
                    if (maxRepeat < spec.maxRepeats() && ok.size() >= 2
                            && CellConfidence.halfWidthPct(ok) > spec.targetCiPct()) {
                        int repeat = maxRepeat + 1;
                        sessions.computeIfAbsent((long) guests << 32 | repeat, k -> new ArrayList<>())
                                .add(new TestKey(variant, d, guests, streams, repeat));
                    }
                }
            }
        }
        List<GuestSession> list = new ArrayList<>();
        sessions.forEach((k, tests) -> list.add(new GuestSession((int) (k >> 32), (int) (long) k, tests)));
        return list;
    }
}
