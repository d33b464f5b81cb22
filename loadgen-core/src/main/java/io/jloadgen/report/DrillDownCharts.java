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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures that make "investigate the drop above 4 guests" one command away: per-guest throughput over
 * time in one cell, and host CPU per guest count split by mode, with the watched threads' CPU beside it.
 */
final class DrillDownCharts {

    private static final Color[] MODE_COLOURS = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860),
    };
    /** Watched-thread patterns: colours none of the modes use. */
    private static final Color[] THREAD_COLOURS = {
        new Color(0x55A868), new Color(0xDA8BC3), new Color(0x8C8C8C), new Color(0xCCB974), new Color(0x64B5CD),
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
            String label = "repeat " + r.repeat() + (r.block() == null ? "" : ", block " + r.block())
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
     * repeats) for every guest count and variant of one direction and stream count, stacked; beside each such
     * bar, when records carry {@code host_threads_pct}, a bar of the watched threads' CPU per pattern (mean over
     * usable repeats). The thread bar is a second view of the same CPU (netback threads run in system and
     * softirq time), so it stands beside the modes, never on top of them; its patterns are stacked, so globs that
     * match the same thread count it twice. Null when no record carries either.
     */
    static CategoryChart cpuByMode(String direction, int streams, List<String> variants,
                                   Map<CellKey, CellSummary> cells, int maxGuests) {
        Set<String> patterns = new LinkedHashSet<>();
        for (String variant : variants) {
            for (int g = 1; g <= maxGuests; g++) {
                CellSummary c = cells.get(new CellKey(variant, direction, g, streams));
                if (c != null) {
                    c.usable().stream().filter(r -> r.hostThreadsPct() != null)
                            .forEach(r -> patterns.addAll(r.hostThreadsPct().keySet()));
                }
            }
        }
        List<String> series = new ArrayList<>(CpuDetail.MODES);
        series.addAll(patterns);
        List<String> categories = new ArrayList<>();
        List<double[]> values = new ArrayList<>(); // per category, per series
        for (int g = 1; g <= maxGuests; g++) {
            for (String variant : variants) {
                CellSummary c = cells.get(new CellKey(variant, direction, g, streams));
                if (c == null) {
                    continue;
                }
                double[] modes = meanModes(c.usable(), series.size());
                if (modes != null) {
                    categories.add(g + " " + variant);
                    values.add(modes);
                }
                double[] threads = meanThreads(c.usable(), series, CpuDetail.MODES.size());
                if (threads != null) {
                    categories.add(g + " " + variant + " threads");
                    values.add(threads);
                }
            }
        }
        if (categories.isEmpty()) {
            return null;
        }
        String title = "Host CPU by mode" + (patterns.isEmpty() ? "" : " and watched threads") + ", " + direction
                + ", " + streams + (streams == 1 ? " stream" : " streams") + " per guest: "
                + String.join(" vs ", variants);
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
                .title(title).xAxisTitle("Guests and variant").yAxisTitle("Host CPU (% of one CPU)").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisLabelRotation(categories.size() > 8 ? 45 : 0);
        for (int i = 0; i < series.size(); i++) {
            List<Double> y = new ArrayList<>();
            for (double[] v : values) {
                y.add(v[i]);
            }
            boolean mode = i < CpuDetail.MODES.size();
            String name = mode ? series.get(i) : "threads " + series.get(i);
            chart.addSeries(name, categories, y).setFillColor(mode ? MODE_COLOURS[i]
                    : THREAD_COLOURS[(i - CpuDetail.MODES.size()) % THREAD_COLOURS.length]);
        }
        return chart;
    }

    /** Mean per mode over the repeats carrying {@code host_cpu_detail}, in the first slots; null if none. */
    private static double[] meanModes(List<ResultRecord> usable, int width) {
        double[] sum = new double[width];
        int n = 0;
        for (ResultRecord r : usable) {
            Map<String, Double> modes = CpuDetail.summedModes(r.hostCpuDetail());
            if (modes.isEmpty()) {
                continue;
            }
            n++;
            for (int m = 0; m < CpuDetail.MODES.size(); m++) {
                sum[m] += modes.getOrDefault(CpuDetail.MODES.get(m), 0.0);
            }
        }
        return n == 0 ? null : divide(sum, n);
    }

    /** Mean per pattern over the repeats carrying {@code host_threads_pct}, from slot {@code from}; null if none. */
    private static double[] meanThreads(List<ResultRecord> usable, List<String> series, int from) {
        double[] sum = new double[series.size()];
        int n = 0;
        for (ResultRecord r : usable) {
            if (r.hostThreadsPct() == null || r.hostThreadsPct().isEmpty()) {
                continue;
            }
            n++;
            for (int i = from; i < series.size(); i++) {
                Double v = r.hostThreadsPct().get(series.get(i));
                sum[i] += v == null ? 0 : v;
            }
        }
        return n == 0 ? null : divide(sum, n);
    }

    private static double[] divide(double[] sum, int n) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= n;
        }
        return sum;
    }
}
