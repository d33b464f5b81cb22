package io.jloadgen.report;

import java.util.List;

/**
 * {@code report.md}: summary sentences first, then the figures (linked, PNG preferred), then the tables.
 */
final class MarkdownPage {

    private MarkdownPage() {
    }

    static String render(ReportData data, List<Figure> figures, ReportOptions options) {
        StringBuilder md = new StringBuilder();
        md.append("# jloadgen report: ").append(String.join(", ", data.experiments())).append("\n\n");
        md.append(intro(data)).append("\n\n");
        md.append("## Summary\n\n");
        if (data.sentences().isEmpty()) {
            md.append("Only one variant: nothing to compare.\n");
        }
        data.sentences().forEach(s -> md.append("- ").append(s).append('\n'));
        if (!data.warnings().isEmpty()) {
            md.append("\n### Warnings\n\n");
            data.warnings().forEach(w -> md.append("- ").append(w).append('\n'));
        }
        String ext = options.wants(ReportFormat.PNG) ? ".png" : options.wants(ReportFormat.SVG) ? ".svg" : null;
        if (ext != null) {
            Figure.Section current = null;
            for (Figure f : figures) {
                if (f.section() != current) {
                    current = f.section();
                    md.append("\n## ").append(current.title()).append("\n\n");
                }
                md.append("![").append(f.caption().replace("]", ")")).append("](").append(f.stem()).append(ext)
                        .append(")\n\n");
            }
        }
        if (!data.comparisons().isEmpty()) {
            md.append("\n## Comparison with ").append(data.baseline()).append("\n\n");
            md.append(MarkdownTables.comparison(data.comparisons()).markdown());
        }
        md.append("\n## Cells\n\n").append(MarkdownTables.cells(data.cells().values()).markdown());
        if (!data.latency().isEmpty()) {
            md.append("\n## Latency\n\n").append(MarkdownTables.latency(data.latency().values()).markdown());
        }
        return md.toString();
    }

    /** One paragraph on what was compared and how to read the numbers. */
    static String intro(ReportData data) {
        return data.records() + " records, variants " + String.join(", ", data.variants()) + ", baseline "
                + data.baseline() + ". Throughput in Gbit/s (10^9 bit/s) at the receiver; differences in % of the"
                + " baseline mean; verdicts from Welch's two-sided t-test at alpha " + VariantComparer.ALPHA
                + " (so about 1 in 20 cells without a real difference still shows one; look for runs of"
                + " neighbouring guest counts); host CPU in % of one CPU. Failed repeats and repeats carrying a quality flag are not averaged"
                + " in: they are counted in the marks and listed in excluded.csv.";
    }
}
