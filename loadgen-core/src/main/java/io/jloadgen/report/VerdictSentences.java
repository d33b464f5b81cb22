package io.jloadgen.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference experiment's bullets, computed: one sentence per direction, stream count and compared
 * variant, e.g. "For 1 stream, guest-to-host, patched vs base: no significant change for 1-4 guests; base is
 * better from 5 guests (by 18-21%)." Guest counts with the same verdict are merged into runs; differences
 * are in % of the baseline mean. Marked cells (too few repeats, failed or flagged repeats) are named at the
 * end of the sentence, so a verdict never hides them.
 */
public final class VerdictSentences {

    private VerdictSentences() {
    }

    /** Sentences ordered by direction (host-to-guest first), streams, variant. */
    public static List<String> of(List<Comparison> comparisons) {
        // grouped by direction (report order), streams, variant: a CellKey with guests fixed to 0 is that key
        Map<CellKey, List<Comparison>> groups = new TreeMap<>(Comparator.comparing(CellKey::direction,
                CellKey.DIRECTIONS).thenComparingInt(CellKey::streams).thenComparing(CellKey::variant));
        Comparator<Comparison> byGuests = Comparator.comparingInt(Comparison::guests);
        for (Comparison c : comparisons) {
            CellKey groupKey = new CellKey(c.variant(), c.direction(), 0, c.streams());
            groups.computeIfAbsent(groupKey, k -> new ArrayList<>()).add(c);
        }
        List<String> sentences = new ArrayList<>();
        for (List<Comparison> group : groups.values()) {
            group.sort(byGuests);
            sentences.add(sentence(group));
        }
        return List.copyOf(sentences);
    }

    /** One sentence for the comparisons of one direction, stream count and variant, sorted by guests. */
    static String sentence(List<Comparison> rows) {
        Comparison first = rows.get(0);
        StringBuilder s = new StringBuilder();
        s.append("For ").append(plural(first.streams(), "stream")).append(", ").append(first.direction())
                .append(", ").append(first.variant()).append(" vs ").append(first.baseline()).append(": ");
        List<Integer> allGuests = rows.stream().map(Comparison::guests).toList();
        int start = 0;
        List<String> parts = new ArrayList<>();
        for (int i = 1; i <= rows.size(); i++) {
            if (i == rows.size() || rows.get(i).verdict() != rows.get(start).verdict()) {
                parts.add(part(rows.subList(start, i), allGuests));
                start = i;
            }
        }
        s.append(String.join("; ", parts)).append('.');
        List<String> marks = new ArrayList<>();
        for (Comparison c : rows) {
            List<String> cellMarks = new ArrayList<>();
            addMarks(cellMarks, c.baselineCell());
            addMarks(cellMarks, c.variantCell());
            if (!cellMarks.isEmpty()) {
                marks.add(plural(c.guests(), "guest") + " (" + String.join("; ", cellMarks) + ")");
            }
        }
        if (!marks.isEmpty()) {
            s.append(" Marked: ").append(String.join(", ", marks)).append('.');
        }
        return s.toString();
    }

    private static void addMarks(List<String> out, CellSummary cell) {
        if (cell != null && cell.marked()) {
            out.add(cell.key().variant() + ": " + String.join(", ", cell.marks()));
        }
    }

    private static String part(List<Comparison> run, List<Integer> allGuests) {
        Comparison c = run.get(0);
        String what = switch (c.verdict()) {
            case NO_SIGNIFICANT_CHANGE -> "no significant change";
            case BASELINE_BETTER -> c.baseline() + " is better";
            case VARIANT_BETTER -> c.variant() + " is better";
            case TOO_FEW_REPEATS -> "too few repeats to tell";
            case MISSING -> "no data for both variants";
        };
        String text = what + " " + range(run.stream().map(Comparison::guests).toList(), allGuests);
        if (c.verdict().significant()) {
            text += " (by " + percentRange(run) + ")";
        }
        return text;
    }

    /** "at 3 guests", "for 1-4 guests", "from 5 guests", "for all guest counts (1-8)". */
    static String range(List<Integer> run, List<Integer> all) {
        int lo = run.get(0);
        int hi = run.get(run.size() - 1);
        if (run.size() == 1) {
            return "at " + plural(lo, "guest");
        }
        boolean contiguous = hi - lo == run.size() - 1;
        String span = contiguous ? lo + "-" + hi
                : String.join(", ", run.stream().map(String::valueOf).toList());
        if (run.size() == all.size()) {
            return "for all guest counts (" + span + ")";
        }
        if (hi == all.get(all.size() - 1) && contiguous) {
            return "from " + lo + " guests";
        }
        return "for " + span + " guests";
    }

    private static String percentRange(List<Comparison> run) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Comparison c : run) {
            double d = Math.abs(c.diffPct());
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        long lo = Math.round(min);
        long hi = Math.round(max);
        return lo == hi ? lo + "%" : lo + "-" + hi + "%";
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
