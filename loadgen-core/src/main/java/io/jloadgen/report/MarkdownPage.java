package io.jloadgen.report;

import java.util.List;

/**
 * {@code report.md}: notes on kernels and boots, summary sentences (drift first), the drift section when
 * variants were measured in several blocks, the figures (linked, PNG preferred), then the tables.
 */
final class MarkdownPage {

    /** What the drift section shows and how it was decided. */
    static final String DRIFT_INTRO = "Some variants were measured in several blocks, at different times. Each"
            + " variant's blocks are compared with each other per cell (Welch's two-sided t-test, alpha "
            + VariantComparer.ALPHA + ", Bonferroni-corrected when a variant has more than two blocks); a cell whose"
            + " variant differs significantly from itself is flagged drift: the environment moved between the"
            + " blocks, and the comparison of that cell with other variants mixes that change with theirs.";

    private MarkdownPage() {
    }

    static String render(ReportData data, List<Figure> figures, ReportOptions options) {
        StringBuilder md = new StringBuilder();
        md.append("# jloadgen report: ").append(String.join(", ", data.experiments())).append("\n\n");
        md.append(intro(data)).append("\n\n");
        data.environmentNotes().forEach(n -> md.append("> **Note:** ").append(n).append("\n\n"));
        md.append("## Summary\n\n");
        if (data.summarySentences().isEmpty()) {
            md.append("Only one variant: nothing to compare.\n");
        }
        data.summarySentences().forEach(s -> md.append("- ").append(s).append('\n'));
        if (!data.warnings().isEmpty()) {
            md.append("\n### Warnings\n\n");
            data.warnings().forEach(w -> md.append("- ").append(w).append('\n'));
        }
        String ext = options.wants(ReportFormat.PNG) ? ".png" : options.wants(ReportFormat.SVG) ? ".svg" : null;
        if (data.hasBlocks()) {
            md.append("\n## ").append(Figure.Section.DRIFT.title()).append("\n\n").append(DRIFT_INTRO).append("\n\n");
            data.driftSentences().forEach(s -> md.append("- ").append(s).append('\n'));
            md.append('\n');
            for (Figure f : figures) {
                if (f.section() == Figure.Section.DRIFT && ext != null) {
                    image(md, f, ext);
                }
            }
            md.append(MarkdownTables.drift(data.drift().values()).markdown());
        }
        if (ext != null) {
            Figure.Section current = Figure.Section.DRIFT;
            for (Figure f : figures) {
                if (f.section() == Figure.Section.DRIFT) {
                    continue;
                }
                if (f.section() != current) {
                    current = f.section();
                    md.append("\n## ").append(current.title()).append("\n\n");
                }
                image(md, f, ext);
            }
        }
        if (!data.comparisons().isEmpty()) {
            md.append("\n## Comparison with ").append(data.baseline()).append("\n\n");
            md.append(MarkdownTables.comparison(data.comparisons()).markdown());
        }
        md.append("\n## Cells\n\n").append(MarkdownTables.cells(data.cells().values(), data.drift()).markdown());
        if (!data.latency().isEmpty()) {
            md.append("\n## Latency\n\n").append(LatencySentences.SPREAD_DEFINITION).append("\n\n");
            data.latencySentences().forEach(s -> md.append("- ").append(s).append('\n'));
            if (!data.latencyComparisons().isEmpty()) {
                md.append('\n').append(MarkdownTables.latencyComparison(data.latencyComparisons()).markdown());
            }
            md.append('\n').append(MarkdownTables.latency(data.latency().values()).markdown());
        }
        return md.toString();
    }

    private static void image(StringBuilder md, Figure f, String ext) {
        md.append("![").append(f.caption().replace("]", ")")).append("](").append(f.stem()).append(ext)
                .append(")\n\n");
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
