package io.jloadgen.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which figures a report has: each block's throughput per direction when some variant was measured in
 * several blocks, throughput per direction and stream count, fairness per direction,
 * latency where histograms exist, and the drill-down figures for every cell where the variants differ
 * significantly or a repeat failed or was flagged.
 */
final class FigureSet {

    /** At most this many per-cell timelines, so a campaign where everything differs stays readable. */
    static final int MAX_TIMELINES = 48;

    private FigureSet() {
    }

    static List<Figure> of(ReportData data, List<String> warnings) {
        List<Figure> figures = new ArrayList<>();
        int maxGuests = data.maxGuests();
        if (data.hasBlocks()) {
            for (String direction : data.directions()) {
                figures.add(new Figure(safe("blocks-" + direction), Figure.Section.DRIFT,
                        BlocksChart.build(direction, data.variants(), data.streamCounts(direction), data.cells(),
                                maxGuests)));
            }
        }
        for (String direction : data.directions()) {
            for (int streams : data.streamCounts(direction)) {
                figures.add(new Figure(safe(direction + "-" + streams), Figure.Section.THROUGHPUT,
                        ThroughputChart.build(direction, streams, data.variants(), data.cells(), maxGuests)));
            }
        }
        for (String direction : data.directions()) {
            figures.add(new Figure(safe("fairness-" + direction), Figure.Section.FAIRNESS,
                    FairnessChart.build(direction, data.variants(), data.streamCounts(direction), data.cells(),
                            maxGuests)));
        }
        if (!data.latency().isEmpty()) {
            for (String direction : data.directions()) {
                for (int streams : data.streamCounts(direction)) {
                    boolean any = data.latency().keySet().stream()
                            .anyMatch(k -> k.direction().equals(direction) && k.streams() == streams);
                    if (any) {
                        figures.add(new Figure(safe("latency-" + direction + "-" + streams), Figure.Section.LATENCY,
                                LatencyChart.build(direction, streams, data.variants(), data.latency(), maxGuests)));
                    }
                }
            }
        }
        addDrillDown(data, figures, warnings);
        return figures;
    }

    /** Cells (variant blanked) worth a closer look, in direction, streams, guests order. */
    static Set<CellKey> drillPlaces(ReportData data) {
        Set<CellKey> places = new java.util.TreeSet<>();
        for (Comparison c : data.comparisons()) {
            if (c.verdict().significant() || c.marked() && hasFailuresOrFlags(c)) {
                places.add(new CellKey("", c.direction(), c.guests(), c.streams()));
            }
        }
        for (CellSummary cell : data.cells().values()) {
            if (cell.nFailed() > 0 || cell.nFlagged() > 0) {
                places.add(cell.key().withVariant(""));
            }
        }
        return places;
    }

    /** A file name stem: labels come from records, so anything but letters, digits, '.', '_', '-' goes. */
    static String safe(String stem) {
        return stem.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static boolean hasFailuresOrFlags(Comparison c) {
        for (CellSummary cell : new CellSummary[] {c.baselineCell(), c.variantCell()}) {
            if (cell != null && (cell.nFailed() > 0 || cell.nFlagged() > 0)) {
                return true;
            }
        }
        return false;
    }

    private static void addDrillDown(ReportData data, List<Figure> figures, List<String> warnings) {
        Set<CellKey> places = drillPlaces(data);
        Set<String> cpuDone = new LinkedHashSet<>();
        int timelines = 0;
        int skipped = 0;
        for (CellKey place : places) {
            String group = place.direction() + "-" + place.streams();
            if (cpuDone.add(group)) {
                CategoryChart cpu = DrillDownCharts.cpuByMode(place.direction(), place.streams(), data.variants(),
                        data.cells(), data.maxGuests());
                if (cpu != null) {
                    figures.add(new Figure(safe("cpu-" + group), Figure.Section.DRILL_DOWN, cpu));
                }
            }
            for (String variant : data.variants()) {
                CellSummary cell = data.cells().get(place.withVariant(variant));
                if (cell == null) {
                    continue;
                }
                XYChart timeline = DrillDownCharts.timeline(cell);
                if (timeline == null) {
                    continue;
                }
                if (timelines == MAX_TIMELINES) {
                    skipped++;
                    continue;
                }
                timelines++;
                figures.add(new Figure(safe("timeline-" + group + "-" + place.guests() + "-" + variant),
                        Figure.Section.DRILL_DOWN, timeline));
            }
        }
        if (skipped > 0) {
            warnings.add(skipped + " drill-down timelines left out (at most " + MAX_TIMELINES + " are drawn)");
        }
    }
}
