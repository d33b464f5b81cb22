package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import io.jloadgen.stats.SampleStatistics;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Each block's aggregate throughput against guest count for one direction, so a reader sees drift: one line
 * per block and stream count (mean over the block's usable repeats, +-1 sd), labelled like "block 1 (base)".
 * Colour family by variant, shade by stream count, line style by the block's turn within its variant (solid
 * for its first block, dashed for its second, ...): two lines of one colour that part are one variant moving.
 */
final class BlocksChart {

    private BlocksChart() {
    }

    static XYChart build(String direction, List<String> variants, SortedSet<Integer> streamCounts,
                         Map<CellKey, CellSummary> cells, int maxGuests) {
        XYChart chart = ChartStyle.xyChart("Throughput per block, " + direction
                        + ": solid = a variant's first block, dashed = its second",
                "Guests", "Throughput (Gbit/s), error bars +-1 sd");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) maxGuests);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMaxLabelCount(maxGuests + 1);
        for (int v = 0; v < variants.size(); v++) {
            String variant = variants.get(v);
            ChartStyle.Family colours = ChartStyle.family(v);
            int s = 0;
            for (int streams : streamCounts) {
                SortedMap<Integer, Map<Integer, List<Double>>> byBlock = byBlock(variant, direction, streams, cells,
                        maxGuests);
                int turn = 0;
                for (Map.Entry<Integer, Map<Integer, List<Double>>> block : byBlock.entrySet()) {
                    String name = BlockDrift.label(block.getKey()) + " (" + variant + ")"
                            + (streamCounts.size() > 1 ? ", " + streams + " str." : "");
                    add(chart, name, block.getValue(), shade(colours, s), turn, v);
                    turn++;
                }
                s++;
            }
        }
        return chart;
    }

    /** Block, then guests, to the aggregate throughput of each usable repeat. */
    private static SortedMap<Integer, Map<Integer, List<Double>>> byBlock(String variant, String direction,
                                                                         int streams, Map<CellKey, CellSummary> cells,
                                                                         int maxGuests) {
        SortedMap<Integer, Map<Integer, List<Double>>> out = new TreeMap<>();
        for (int g = 1; g <= maxGuests; g++) {
            CellSummary c = cells.get(new CellKey(variant, direction, g, streams));
            if (c == null) {
                continue;
            }
            for (ResultRecord r : c.usable()) {
                out.computeIfAbsent(DriftDetector.blockOf(r), b -> new TreeMap<>())
                        .computeIfAbsent(g, x -> new ArrayList<>()).add(r.throughputGbps());
            }
        }
        return out;
    }

    private static void add(XYChart chart, String name, Map<Integer, List<Double>> byGuests, Color colour,
                            int turn, int variantIndex) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> sd = new ArrayList<>();
        byGuests.forEach((g, values) -> {
            SampleStatistics st = SampleStatistics.of(values.stream().mapToDouble(Double::doubleValue).toArray());
            x.add((double) g);
            y.add(st.mean());
            sd.add(Double.isNaN(st.sd()) ? 0 : st.sd());
        });
        XYSeries series = chart.addSeries(name, x, y, sd);
        series.setLineColor(colour).setLineStyle(ChartStyle.stroke(turn));
        series.setMarkerColor(colour).setMarker(ChartStyle.marker(variantIndex));
    }

    private static Color shade(ChartStyle.Family colours, int streamIndex) {
        return switch (streamIndex % 3) {
            case 0 -> colours.strong();
            case 1 -> colours.medium();
            default -> colours.light();
        };
    }
}
