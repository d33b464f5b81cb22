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
 * @param sentences    the throughput verdicts in words
 * @param latency      merged latency per cell, for cells that carry histograms
 * @param warnings     skipped input lines and undecodable histograms
 * @param drift        block-to-block comparisons of every cell of the variants measured in 2+ blocks
 * @param driftSentences     block-to-block drift in words; empty when no variant has 2+ blocks
 * @param latencyComparisons every cell's p99 of every other variant against the baseline
 * @param latencySentences   the p99 verdicts in words
 * @param environmentNotes   variants whose records span several kernels or boots
 */
public record ReportData(SortedSet<String> experiments, List<String> variants, String baseline, int records,
                         SortedMap<CellKey, CellSummary> cells, List<Comparison> comparisons,
                         List<String> sentences, SortedMap<CellKey, LatencySummary> latency,
                         List<String> warnings, SortedMap<CellKey, BlockDrift> drift, List<String> driftSentences,
                         List<LatencyComparison> latencyComparisons, List<String> latencySentences,
                         List<String> environmentNotes) {

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
        SortedMap<CellKey, BlockDrift> drift = DriftDetector.detect(cells);
        List<Comparison> comparisons = VariantComparer.compare(cells, baseline, drift);
        List<String> warnings = new ArrayList<>(readWarnings);
        SortedMap<CellKey, LatencySummary> latency = LatencyAggregator.aggregate(cells, warnings);
        List<LatencyComparison> latencyComparisons = LatencyComparer.compare(latency, baseline);
        return new ReportData(experiments, List.copyOf(variants), baseline, records.size(), cells,
                comparisons, VerdictSentences.of(comparisons), latency, List.copyOf(warnings), drift,
                DriftSentences.of(drift), latencyComparisons, LatencySentences.of(latencyComparisons),
                EnvironmentNotes.of(records, variants));
    }

    /** The same data with other warnings (drawing the figures may add some). */
    public ReportData withWarnings(List<String> newWarnings) {
        return new ReportData(experiments, variants, baseline, records, cells, comparisons, sentences, latency,
                List.copyOf(newWarnings), drift, driftSentences, latencyComparisons, latencySentences,
                environmentNotes);
    }

    /** Every verdict sentence in reading order: drift first (it qualifies the rest), throughput, latency. */
    public List<String> summarySentences() {
        List<String> all = new ArrayList<>(driftSentences);
        all.addAll(sentences);
        all.addAll(latencySentences);
        return List.copyOf(all);
    }

    /** Whether some variant was measured in two or more blocks (the report then shows drift). */
    public boolean hasBlocks() {
        return !drift.isEmpty();
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
