package io.jloadgen.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference experiment's bullets, computed: one sentence per direction, compared variant and run of
 * stream counts with the same finding, e.g. "For 1 stream, guest-to-host, patched vs base: no significant
 * change for 1-4 guests; base is better from 5 guests (by 18-21%)." Guest counts with the same verdict are merged into runs; differences
 * are in % of the baseline mean. Where a side drifted between its own blocks, the sentence says so first
 * ("the environment moved (base's block 4 is 10% lower than its block 1 for 1-4 guests); ..."), before any
 * claim about the variants. Marked cells (too few repeats, failed or flagged repeats) are named at the end of
 * the sentence, so a verdict never hides them.
 */
public final class VerdictSentences {

    private VerdictSentences() {
    }

    /**
     * Sentences ordered by direction (host-to-guest first), variant, streams. Neighbouring stream counts with the
     * same finding share one sentence ("For 1 and 2 streams, ..."), as the reference's bullets do.
     */
    public static List<String> of(List<Comparison> comparisons) {
        // a CellKey with guests fixed to 0 names one group: direction, variant, streams
        Map<CellKey, List<Comparison>> groups = new TreeMap<>(Comparator.comparing(CellKey::direction,
                CellKey.DIRECTIONS).thenComparing(CellKey::variant).thenComparingInt(CellKey::streams));
        for (Comparison c : comparisons) {
            CellKey groupKey = new CellKey(c.variant(), c.direction(), 0, c.streams());
            groups.computeIfAbsent(groupKey, k -> new ArrayList<>()).add(c);
        }
        List<String> sentences = new ArrayList<>();
        CellKey runKey = null;
        List<Integer> runStreams = new ArrayList<>();
        String runFinding = null;
        for (Map.Entry<CellKey, List<Comparison>> e : groups.entrySet()) {
            List<Comparison> group = e.getValue();
            group.sort(Comparator.comparingInt(Comparison::guests));
            String finding = finding(group);
            CellKey key = e.getKey();
            boolean continues = runKey != null && runKey.direction().equals(key.direction())
                    && runKey.variant().equals(key.variant()) && finding.equals(runFinding);
            if (!continues) {
                if (runKey != null) {
                    sentences.add(sentence(runKey, runStreams, runFinding));
                }
                runKey = key;
                runStreams = new ArrayList<>();
                runFinding = finding;
            }
            runStreams.add(key.streams());
        }
        if (runKey != null) {
            sentences.add(sentence(runKey, runStreams, runFinding));
        }
        return List.copyOf(sentences);
    }

    private static String sentence(CellKey group, List<Integer> streams, String finding) {
        String baseline = finding.substring(0, finding.indexOf('|'));
        return "For " + streamCounts(streams) + ", " + group.direction() + ", " + group.variant() + " vs " + baseline
                + ": " + finding.substring(finding.indexOf('|') + 1);
    }

    /** "1 stream", "1 and 2 streams", "1-4 streams", "1, 2 and 4 streams". */
    static String streamCounts(List<Integer> streams) {
        if (streams.size() == 1) {
            return plural(streams.get(0), "stream");
        }
        int lo = streams.get(0);
        int hi = streams.get(streams.size() - 1);
        if (streams.size() > 2 && hi - lo == streams.size() - 1) {
            return lo + "-" + hi + " streams";
        }
        List<String> names = streams.stream().map(String::valueOf).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + hi + " streams";
    }

    /**
     * "baseline|finding" for the comparisons of one direction, stream count and variant, sorted by guests: the
     * verdict runs over guest counts, then the marked cells.
     */
    static String finding(List<Comparison> rows) {
        StringBuilder s = new StringBuilder(rows.get(0).baseline()).append('|');
        List<Integer> allGuests = rows.stream().map(Comparison::guests).toList();
        s.append(driftFirst(rows, allGuests));
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

    /**
     * "the environment moved (base's block 4 is 10% lower than its block 1 for 1-4 guests); " when a side
     * drifted between its own blocks in these rows, so the reader learns it before the verdict; "" otherwise.
     */
    private static String driftFirst(List<Comparison> rows, List<Integer> allGuests) {
        Map<String, List<BlockDrift>> byVariant = new LinkedHashMap<>();
        byVariant.put(rows.get(0).baseline(), new ArrayList<>());
        for (Comparison c : rows) {
            for (BlockDrift d : c.drifts()) {
                byVariant.computeIfAbsent(d.key().variant(), v -> new ArrayList<>()).add(d);
            }
        }
        List<String> moved = new ArrayList<>();
        byVariant.values().forEach(cells -> {
            if (!cells.isEmpty()) {
                moved.add(DriftSentences.movement(cells, allGuests));
            }
        });
        return moved.isEmpty() ? "" : "the environment moved (" + String.join("; ", moved) + "); ";
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
