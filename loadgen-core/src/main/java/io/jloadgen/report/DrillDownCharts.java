package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The figures that make "investigate the drop above 4 guests" one command away: per-guest throughput over
 * time in one cell, and host CPU per guest count split by mode.
 */
final class DrillDownCharts {

    private static final Color[] MODE_COLOURS = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860),
    };

    private DrillDownCharts() {
    }

    /**
     * Per-guest throughput in each interval of every measured repeat of a cell (usable and flagged alike:
     * the flagged ones are why one looks), repeats laid end to end with a gap; null when no record carries
     * intervals.
     */
    static XYChart timeline(CellSummary cell) {
        List<ResultRecord> measured = cell.all().stream()
                .filter(r -> r.ok() && r.guestIntervalsGbps() != null && !r.guestIntervalsGbps().isEmpty())
                .toList();
        if (measured.isEmpty()) {
            return null;
        }
        CellKey k = cell.key();
        String title = k.direction() + ", " + k.streams() + (k.streams() == 1 ? " stream, " : " streams, ")
                + k.guests() + (k.guests() == 1 ? " guest, " : " guests, ") + k.variant() + ": throughput per guest";
        XYChart chart = ChartStyle.xyChart(title, "Time in the measured window, repeats end to end (s)",
                "Throughput per guest (Gbit/s)");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setMarkerSize(0);
        double offsetS = 0;
        double maxGbps = 0;
        List<AnnotationText> labels = new ArrayList<>();
        for (int rep = 0; rep < measured.size(); rep++) {
            ResultRecord r = measured.get(rep);
            double intervalS = r.intervalS() == null ? 1.0 : r.intervalS();
            int longest = 0;
            for (int g = 0; g < r.guestIntervalsGbps().size(); g++) {
                List<Double> series = r.guestIntervalsGbps().get(g);
                if (series == null || series.isEmpty()) {
                    continue;
                }
                longest = Math.max(longest, series.size());
                for (Double v : series) {
                    maxGbps = Math.max(maxGbps, v == null ? 0 : v);
                }
                List<Double> x = new ArrayList<>();
                for (int i = 0; i < series.size(); i++) {
                    x.add(offsetS + (i + 1) * intervalS); // an interval's value is plotted at its end
                }
                XYSeries s = chart.addSeries("guest " + (g + 1) + " (repeat " + r.repeat() + ")", x, series);
                s.setLineColor(ChartStyle.palette(g)).setLineStyle(ChartStyle.SOLID);
                s.setMarker(SeriesMarkers.NONE);
                // one legend entry per guest: the colour means the same guest in every repeat
                s.setShowInLegend(rep == 0);
                if (rep == 0) {
                    s.setLabel("guest " + (g + 1));
                }
            }
            // name each repeat above its segment, with its flags: the flagged ones are why one looks
            String label = "repeat " + r.repeat()
                    + (r.flags() == null || r.flags().isEmpty() ? "" : " (" + String.join(" ", r.flags()) + ")");
            labels.add(new AnnotationText(label, offsetS + (longest + 1) * intervalS / 2, Double.NaN, false));
            offsetS += (longest + 2) * intervalS;
        }
        double top = maxGbps > 0 ? maxGbps * 1.15 : 1;
        chart.getStyler().setYAxisMax(top);
        for (AnnotationText label : labels) {
            label.setY(maxGbps > 0 ? maxGbps * 1.07 : 0.9);
            chart.addAnnotation(label);
        }
        return chart;
    }

    /**
     * Host CPU by mode (user, system, softirq, irq, steal; % of one CPU, summed over CPUs, mean over usable
     * repeats) for every guest count and variant of one direction and stream count, stacked; null when no
     * record carries {@code host_cpu_detail}.
     */
    static CategoryChart cpuByMode(String direction, int streams, List<String> variants,
                                   Map<CellKey, CellSummary> cells, int maxGuests) {
        List<String> categories = new ArrayList<>();
        List<double[]> values = new ArrayList<>(); // per category, per mode
        for (int g = 1; g <= maxGuests; g++) {
            for (String variant : variants) {
                CellSummary c = cells.get(new CellKey(variant, direction, g, streams));
                if (c == null) {
                    continue;
                }
                double[] sum = new double[CpuDetail.MODES.size()];
                int n = 0;
                for (ResultRecord r : c.usable()) {
                    Map<String, Double> modes = CpuDetail.summedModes(r.hostCpuDetail());
                    if (modes.isEmpty()) {
                        continue;
                    }
                    n++;
                    for (int m = 0; m < sum.length; m++) {
                        sum[m] += modes.getOrDefault(CpuDetail.MODES.get(m), 0.0);
                    }
                }
                if (n > 0) {
                    for (int m = 0; m < sum.length; m++) {
                        sum[m] /= n;
                    }
                    categories.add(g + " " + variant);
                    values.add(sum);
                }
            }
        }
        if (categories.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
                .title("Host CPU by mode, " + direction + ", " + streams + (streams == 1 ? " stream" : " streams")
                        + " per guest: " + String.join(" vs ", variants))
                .xAxisTitle("Guests and variant").yAxisTitle("Host CPU (% of one CPU)").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 8 ? 45 : 0);
        for (int m = 0; m < CpuDetail.MODES.size(); m++) {
            List<Double> y = new ArrayList<>();
            for (double[] v : values) {
                y.add(v[m]);
            }
            chart.addSeries(CpuDetail.MODES.get(m), categories, y).setFillColor(MODE_COLOURS[m]);
        }
        return chart;
    }
}
