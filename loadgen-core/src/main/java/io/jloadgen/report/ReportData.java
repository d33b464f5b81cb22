package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything computed from the records, before anything is drawn or written.
 *
 * @param experiments  experiment names seen in the records
 * @param variants     variants, baseline first, then alphabetical
 * @param baseline     the baseline variant
 * @param records      number of records read
 * @param cells        per-cell statistics
 * @param comparisons  every cell of every other variant against the baseline
 * @param sentences    the verdicts in words
 * @param latency      merged latency per cell, for cells that carry histograms
 * @param warnings     skipped input lines and undecodable histograms
 */
public record ReportData(SortedSet<String> experiments, List<String> variants, String baseline, int records,
                         SortedMap<CellKey, CellSummary> cells, List<Comparison> comparisons,
                         List<String> sentences, SortedMap<CellKey, LatencySummary> latency,
                         List<String> warnings) {

    /**
     * Computes a report's data.
     *
     * @param requestedBaseline the {@code --baseline} value, or null
     * @throws IllegalArgumentException if there are no records, or the baseline is not one of the variants
     */
    public static ReportData compute(List<ResultRecord> records, String requestedBaseline,
                                     List<String> readWarnings) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no result records found");
        }
        SortedSet<String> variantSet = new TreeSet<>();
        SortedSet<String> experiments = new TreeSet<>();
        for (ResultRecord r : records) {
            variantSet.add(r.variant());
            if (r.experiment() != null) {
                experiments.add(r.experiment());
            }
        }
        String baseline = requestedBaseline;
        if (baseline == null) {
            baseline = variantSet.contains("base") ? "base" : variantSet.first();
        } else if (!variantSet.contains(baseline)) {
            throw new IllegalArgumentException("--baseline: no variant '" + baseline + "' in the records; found "
                    + String.join(", ", variantSet));
        }
        List<String> variants = new ArrayList<>();
        variants.add(baseline);
        for (String v : variantSet) {
            if (!v.equals(baseline)) {
                variants.add(v);
            }
        }
        SortedMap<CellKey, CellSummary> cells = CellAggregator.aggregate(records);
        List<Comparison> comparisons = VariantComparer.compare(cells, baseline);
        List<String> warnings = new ArrayList<>(readWarnings);
        SortedMap<CellKey, LatencySummary> latency = LatencyAggregator.aggregate(cells, warnings);
        return new ReportData(experiments, List.copyOf(variants), baseline, records.size(), cells,
                comparisons, VerdictSentences.of(comparisons), latency, List.copyOf(warnings));
    }

    /** Directions present, in {@link CellKey#DIRECTIONS} order. */
    public SortedSet<String> directions() {
        SortedSet<String> out = new TreeSet<>(CellKey.DIRECTIONS);
        cells.keySet().forEach(k -> out.add(k.direction()));
        return out;
    }

    /** Stream counts present in {@code direction}, sorted. */
    public SortedSet<Integer> streamCounts(String direction) {
        SortedSet<Integer> out = new TreeSet<>();
        cells.keySet().stream().filter(k -> k.direction().equals(direction)).forEach(k -> out.add(k.streams()));
        return out;
    }

    /** The largest guest count of any record. */
    public int maxGuests() {
        return cells.keySet().stream().mapToInt(CellKey::guests).max().orElse(0);
    }
}
