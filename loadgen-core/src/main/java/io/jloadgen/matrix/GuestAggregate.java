package io.jloadgen.matrix;

import io.jloadgen.api.TestResult;
import io.jloadgen.stats.IntervalSample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The numbers of one multi-guest test: per-guest and aggregate throughput over the common window in which
 * every guest was sending, the raw per-guest per-interval series, Jain's fairness, and flags for guests that
 * started late or stalled.
 *
 * <p>Intervals are aligned by index: all guests' clients are started together and each reports on its own
 * test clock. An interval "sends" when it carries at least {@value #SENDING_SHARE} of the guest's median
 * interval rate. When every guest sent in every interval (the normal case) the per-guest figure is the
 * receiver-side total over the measured window, as DESIGN.md asks; otherwise it is the guest's interval bytes
 * over the common window only (the intervals in which every guest sent), and the record's flags say why.
 *
 * @param guestGbps          per guest, 10^9 bit/s, in guest order
 * @param throughputGbps     the sum of {@code guestGbps}
 * @param guestIntervalsGbps per guest, each measured interval's throughput
 * @param fairness           Jain's index over {@code guestGbps}; null when nothing moved
 * @param retransmits        summed over guests, null when no guest reported them
 * @param flags              {@code late-start:<guest>}, {@code stall:<guest>}, {@code no-common-window}
 */
public record GuestAggregate(List<Double> guestGbps, double throughputGbps, List<List<Double>> guestIntervalsGbps,
                             Double fairness, Long retransmits, List<String> flags) {

    static final double SENDING_SHARE = 0.1;

    public static GuestAggregate of(List<String> guestNames, List<TestResult> results, TestDirection direction) {
        int guests = results.size();
        List<List<IntervalSample>> measured = new ArrayList<>();
        int intervals = 0;
        for (TestResult r : results) {
            List<IntervalSample> m = withoutPartialTail(r.intervals() == null ? List.of()
                    : r.intervals().stream().filter(s -> !s.omitted()).toList());
            measured.add(m);
            intervals = Math.max(intervals, m.size());
        }
        List<List<Double>> series = new ArrayList<>();
        boolean[][] sending = new boolean[guests][intervals];
        List<String> flags = new ArrayList<>();
        for (int g = 0; g < guests; g++) {
            List<Double> gbps = new ArrayList<>();
            for (IntervalSample s : measured.get(g)) {
                gbps.add(round(s.sumGbps()));
            }
            series.add(gbps);
            double threshold = median(gbps) * SENDING_SHARE;
            int first = -1;
            int last = -1;
            boolean gap = false;
            for (int i = 0; i < intervals; i++) {
                // a missing interval (the guest's test ended early) counts as not sending
                boolean s = i < gbps.size() && gbps.get(i) > 0 && gbps.get(i) >= threshold;
                sending[g][i] = s;
                if (s) {
                    if (first < 0) {
                        first = i;
                    } else if (last < i - 1) {
                        gap = true;
                    }
                    last = i;
                }
            }
            String name = guestNames.get(g);
            if (first > 0) {
                flags.add("late-start:" + name);
            }
            if (first < 0 || gap || last < intervals - 1) {
                flags.add("stall:" + name);
            }
        }

        List<Double> guestGbps = new ArrayList<>();
        boolean clean = flags.isEmpty() && direction != TestDirection.BIDIR;
        boolean[] allSending = new boolean[intervals];
        boolean anyCommon = false;
        for (int i = 0; i < intervals; i++) {
            allSending[i] = true;
            for (int g = 0; g < guests; g++) {
                allSending[i] &= sending[g][i];
            }
            anyCommon |= allSending[i];
        }
        if (!clean && !anyCommon && intervals > 0) {
            flags.add("no-common-window");
        }
        for (int g = 0; g < guests; g++) {
            if (clean) {
                guestGbps.add(round(results.get(g).receiverGbps()));
            } else {
                long bytes = 0;
                double seconds = 0;
                for (int i = 0; i < measured.get(g).size(); i++) {
                    if (!allSending[i]) {
                        continue;
                    }
                    bytes += measured.get(g).get(i).sumBytes();
                    seconds += measured.get(g).get(i).seconds();
                }
                guestGbps.add(seconds <= 0 ? 0.0 : round(bytes * 8.0 / seconds / 1e9));
            }
        }
        double sum = 0;
        for (double x : guestGbps) {
            sum += x;
        }
        Long retransmits = null;
        for (TestResult r : results) {
            if (r.retransmits() != null) {
                retransmits = (retransmits == null ? 0 : retransmits) + r.retransmits();
            }
        }
        return new GuestAggregate(List.copyOf(guestGbps), round(sum), series, jain(guestGbps), retransmits,
                List.copyOf(flags));
    }

    /**
     * Drops a last interval shorter than half the first: the few milliseconds between the last tick and the
     * test's stop (or the receiver's drain). Its rate is noise, and a near-empty one would read as a stall.
     * Its bytes stay in the receiver totals.
     */
    static List<IntervalSample> withoutPartialTail(List<IntervalSample> m) {
        if (m.size() >= 2 && m.get(m.size() - 1).seconds() < 0.5 * m.get(0).seconds()) {
            return m.subList(0, m.size() - 1);
        }
        return m;
    }

    /** Jain's index (sum x)^2 / (n sum x^2): 1 when all guests got the same, 1/n when one got everything. */
    static Double jain(List<Double> x) {
        double sum = 0;
        double squares = 0;
        for (double v : x) {
            sum += v;
            squares += v * v;
        }
        return squares <= 0 ? null : round(sum * sum / (x.size() * squares));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** Six decimals: kbit/s resolution, and records stay short. */
    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
