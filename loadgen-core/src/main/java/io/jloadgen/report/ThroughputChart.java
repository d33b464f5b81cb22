package io.jloadgen.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference experiment's figure for one direction and stream count: x = guests from 0 to the maximum,
 * left axis Gbit/s with +-1 sd error bars (aggregate solid, mean per guest dashed), right axis host CPU in %
 * of one CPU (dotted), one colour family per variant.
 */
final class ThroughputChart {

    private static final int THROUGHPUT_AXIS = 0;
    private static final int CPU_AXIS = 1;

    private ThroughputChart() {
    }

    /**
     * @param variants  report variants, baseline first; the index picks the colour family
     * @param maxGuests right end of the x axis
     */
    static XYChart build(String direction, int streams, List<String> variants, Map<CellKey, CellSummary> cells,
                         int maxGuests) {
        String title = direction + ", " + streams + (streams == 1 ? " stream" : " streams") + " per guest: ";
        XYChart chart = ChartStyle.xyChart(title, "Guests", "Throughput (Gbit/s)");
        chart.setYAxisGroupTitle(THROUGHPUT_AXIS, "Throughput (Gbit/s), error bars +-1 sd");
        chart.setYAxisGroupTitle(CPU_AXIS, "Host CPU (% of one CPU)");
        chart.getStyler().setYAxisGroupPosition(CPU_AXIS, Styler.YAxisPosition.Right);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) maxGuests);
        chart.getStyler().setYAxisMin(THROUGHPUT_AXIS, 0.0);
        chart.getStyler().setYAxisMin(CPU_AXIS, 0.0);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMaxLabelCount(maxGuests + 1);
        List<String> drawn = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            if (addVariant(chart, v, variants.get(v), direction, streams, cells, maxGuests)) {
                drawn.add(variants.get(v));
            }
        }
        chart.setTitle(title + String.join(" vs ", drawn));
        return chart;
    }

    /** Adds one variant's series; false when it has no usable cell here. */
    private static boolean addVariant(XYChart chart, int index, String variant, String direction, int streams,
                                   Map<CellKey, CellSummary> cells, int maxGuests) {
        List<Double> x = new ArrayList<>();
        List<Double> aggregate = new ArrayList<>();
        List<Double> aggregateSd = new ArrayList<>();
        List<Double> perGuest = new ArrayList<>();
        List<Double> perGuestSd = new ArrayList<>();
        List<Double> cpuX = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int g = 1; g <= maxGuests; g++) {
            CellSummary c = cells.get(new CellKey(variant, direction, g, streams));
            if (c == null || c.n() == 0) {
                continue; // no usable repeat: a gap, never a zero
            }
            x.add((double) g);
            aggregate.add(c.throughputGbps().mean());
            aggregateSd.add(zeroIfNaN(c.throughputGbps().sd()));
            perGuest.add(c.perGuestGbps().mean());
            perGuestSd.add(zeroIfNaN(c.perGuestGbps().sd()));
            if (!Double.isNaN(c.hostCpuPct())) {
                cpuX.add((double) g);
                cpu.add(c.hostCpuPct());
            }
        }
        if (x.isEmpty()) {
            return false;
        }
        ChartStyle.Family colours = ChartStyle.family(index);
        XYSeries agg = chart.addSeries(variant + " total", x, aggregate, aggregateSd);
        agg.setLineColor(colours.strong()).setLineStyle(ChartStyle.SOLID);
        agg.setMarkerColor(colours.strong()).setMarker(ChartStyle.marker(index));
        agg.setYAxisGroup(THROUGHPUT_AXIS);
        XYSeries per = chart.addSeries(variant + " per guest", x, perGuest, perGuestSd);
        per.setLineColor(colours.medium()).setLineStyle(ChartStyle.DASHED);
        per.setMarkerColor(colours.medium()).setMarker(ChartStyle.marker(index));
        per.setYAxisGroup(THROUGHPUT_AXIS);
        if (!cpuX.isEmpty()) {
            XYSeries cpuSeries = chart.addSeries(variant + " CPU %", cpuX, cpu);
            cpuSeries.setLineColor(colours.light()).setLineStyle(ChartStyle.DOTTED);
            cpuSeries.setMarkerColor(colours.light()).setMarker(SeriesMarkers.NONE);
            cpuSeries.setYAxisGroup(CPU_AXIS);
        }
        return true;
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
