package io.jloadgen.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Round-trip latency under load for one direction and stream count, on a log axis: p50 solid, p99 dashed,
 * p99.9 dotted per variant, from the histograms merged per cell.
 */
final class LatencyChart {

    private LatencyChart() {
    }

    static XYChart build(String direction, int streams, List<String> variants,
                         Map<CellKey, LatencySummary> latency, int maxGuests) {
        XYChart chart = ChartStyle.xyChart("Latency under load, " + direction + ", " + streams
                        + (streams == 1 ? " stream" : " streams") + " per guest: ",
                "Guests", "Round trip (microseconds, log scale)");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) maxGuests);
        // a log axis, as in the seed's latency plots: a 100 ms queue and a 100 us one both stay readable
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMaxLabelCount(maxGuests + 1);
        List<String> drawn = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            String variant = variants.get(v);
            ChartStyle.Family colours = ChartStyle.family(v);
            if (latency.keySet().stream().anyMatch(k -> k.variant().equals(variant)
                    && k.direction().equals(direction) && k.streams() == streams)) {
                drawn.add(variant);
            }
            add(chart, variant + " p50", colours.strong(), 0, v, direction, streams, variant, latency, maxGuests,
                    LatencySummary::p50Us);
            add(chart, variant + " p99", colours.medium(), 1, v, direction, streams, variant, latency, maxGuests,
                    LatencySummary::p99Us);
            add(chart, variant + " p99.9", colours.light(), 2, v, direction, streams, variant, latency, maxGuests,
                    LatencySummary::p99_9Us);
        }
        chart.setTitle(chart.getTitle() + String.join(" vs ", drawn));
        decades(chart, direction, streams, latency);
        if (chart.getSeriesMap().size() > 6) {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        }
        return chart;
    }

    /**
     * Widens the log axis to whole decades around the values: XChart labels only powers of ten, so an axis from
     * 120 to 620 us would carry no label at all.
     */
    private static void decades(XYChart chart, String direction, int streams, Map<CellKey, LatencySummary> latency) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (LatencySummary l : latency.values()) {
            if (l.key().direction().equals(direction) && l.key().streams() == streams) {
                for (double v : new double[] {l.p50Us(), l.p99Us(), l.p99_9Us()}) {
                    if (v > 0) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (max > 0) {
            double low = Math.pow(10, Math.floor(Math.log10(min)));
            double high = Math.pow(10, Math.ceil(Math.log10(max)));
            chart.getStyler().setYAxisMin(low).setYAxisMax(high > low ? high : low * 10);
            chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        }
    }

    private static void add(XYChart chart, String name, java.awt.Color colour, int strokeIndex, int variantIndex,
                            String direction, int streams, String variant, Map<CellKey, LatencySummary> latency,
                            int maxGuests, ToDoubleFunction<LatencySummary> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int g = 1; g <= maxGuests; g++) {
            LatencySummary l = latency.get(new CellKey(variant, direction, g, streams));
            if (l != null) {
                x.add((double) g);
                y.add(value.applyAsDouble(l));
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = chart.addSeries(name, x, y);
            s.setLineColor(colour).setLineStyle(ChartStyle.stroke(strokeIndex));
            s.setMarker(ChartStyle.marker(variantIndex));
            s.setMarkerColor(colour);
        }
    }
}
