package io.jloadgen.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Jain's fairness index against guest count for one direction: one line per variant and stream count,
 * colour family by variant, line style by stream count. 1 means every guest got the same share.
 */
final class FairnessChart {

    private FairnessChart() {
    }

    static XYChart build(String direction, List<String> variants, SortedSet<Integer> streamCounts,
                         Map<CellKey, CellSummary> cells, int maxGuests) {
        XYChart chart = ChartStyle.xyChart("Fairness, " + direction,
                "Guests", "Jain's fairness index (1 = equal shares)");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) maxGuests);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.05);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMaxLabelCount(maxGuests + 1);
        List<String> drawn = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            String variant = variants.get(v);
            ChartStyle.Family colours = ChartStyle.family(v);
            int s = 0;
            for (int streams : streamCounts) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int g = 1; g <= maxGuests; g++) {
                    CellSummary c = cells.get(new CellKey(variant, direction, g, streams));
                    if (c != null && !Double.isNaN(c.fairness())) {
                        x.add((double) g);
                        y.add(c.fairness());
                    }
                }
                if (!x.isEmpty()) {
                    if (!drawn.contains(variant)) {
                        drawn.add(variant);
                    }
                    XYSeries series = chart.addSeries(variant + ", " + streams + " str.", x, y);
                    // alternate the family's two strong colours so neighbouring stream counts stay apart
                    series.setLineColor(s % 2 == 0 ? colours.strong() : colours.medium());
                    series.setMarkerColor(s % 2 == 0 ? colours.strong() : colours.medium());
                    series.setMarker(ChartStyle.marker(v));
                    series.setLineStyle(ChartStyle.stroke(s));
                }
                s++;
            }
        }
        chart.setTitle(chart.getTitle() + ": " + String.join(" vs ", drawn));
        return chart;
    }
}
