package io.jloadgen.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/**
 * The look shared by every report figure: one colour family per variant (the reference plots use reds for
 * the plain kernel and blues for the patched one), solid lines for aggregates, dashed for per-guest means,
 * dotted for CPU.
 */
final class ChartStyle {

    /** Figure size in pixels; large enough that a reader can read values off the grid. */
    static final int WIDTH = 960;
    static final int HEIGHT = 640;

    /**
     * Colours of one variant.
     *
     * @param strong   aggregate throughput
     * @param medium   per-guest throughput
     * @param light    host CPU
     */
    record Family(Color strong, Color medium, Color light) {
    }

    private static final Family[] FAMILIES = {
        new Family(new Color(0xC62828), new Color(0xEF6C00), new Color(0xE57373)),  // reds
        new Family(new Color(0x1565C0), new Color(0x6A1B9A), new Color(0x4FC3F7)),  // blues
        new Family(new Color(0x2E7D32), new Color(0x827717), new Color(0x81C784)),  // greens
        new Family(new Color(0x4E342E), new Color(0x8D6E63), new Color(0xBCAAA4)),  // browns
        new Family(new Color(0x37474F), new Color(0x78909C), new Color(0xB0BEC5)),  // greys
    };

    static final BasicStroke SOLID = new BasicStroke(2.2f);
    static final BasicStroke DASHED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {9f, 5f}, 0f);
    static final BasicStroke DOTTED = new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
            new float[] {1f, 5f}, 0f);
    static final BasicStroke DASH_DOT = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {9f, 4f, 2f, 4f}, 0f);
    private static final BasicStroke[] STROKES = {SOLID, DASHED, DOTTED, DASH_DOT};

    /** A per-guest or per-series palette for figures with many lines of one variant. */
    private static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728), new Color(0x9467BD),
        new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF),
    };

    private ChartStyle() {
    }

    /** Colour family of the variant at {@code index} in the report's variant order (baseline first). */
    static Family family(int index) {
        return FAMILIES[index % FAMILIES.length];
    }

    /** The {@code index}-th line style: solid, dashed, dotted, dash-dot, repeating. */
    static BasicStroke stroke(int index) {
        return STROKES[index % STROKES.length];
    }

    /** The {@code index}-th distinct colour. */
    static Color palette(int index) {
        return PALETTE[index % PALETTE.length];
    }

    /** A line chart with the report's fonts, grid and legend below the plot. */
    static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        return chart;
    }

    static void style(XYStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xDDDDDD));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendSeriesLineLength(28);
        s.setMarkerSize(7);
        s.setErrorBarsColorSeriesColor(true);
        s.setAntiAlias(true);
    }

    /** Marker shape by variant, so series stay apart in grey print too. */
    static org.knowm.xchart.style.markers.Marker marker(int index) {
        return switch (index % 4) {
            case 0 -> SeriesMarkers.CIRCLE;
            case 1 -> SeriesMarkers.DIAMOND;
            case 2 -> SeriesMarkers.SQUARE;
            default -> SeriesMarkers.TRIANGLE_UP;
        };
    }
}
