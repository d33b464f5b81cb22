package io.jloadgen.report;

import java.util.Base64;
import java.util.List;

/**
 * {@code report.html}: one self-contained page (PNG figures embedded as data URIs, CSS inline, no script),
 * readable from disk in any browser. Notes on kernels and boots, the summary (drift first), the drift section when
 * variants were measured in several blocks, then the figures, then the tables.
 */
final class HtmlPage {

    private static final String CSS = """
            body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
            table{border-collapse:collapse;font-size:13px;margin-bottom:2em}
            th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
            th{background:#f0f0f0}
            td.t{text-align:left}
            tr.marked{background:#fff3cd}
            p.note{background:#fff3cd;padding:.5em}
            figure{margin:1em 0}
            img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:13px;color:#555}
            li{margin-bottom:.4em}
            """;

    private HtmlPage() {
    }

    static String render(ReportData data, List<FigureWriter.Rendered> figures) {
        StringBuilder h = new StringBuilder();
        String title = "jloadgen report: " + String.join(", ", data.experiments());
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Fmt.html(title)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>").append(Fmt.html(title)).append("</h1>\n<p>")
                .append(Fmt.html(MarkdownPage.intro(data))).append("</p>\n");
        data.environmentNotes().forEach(n -> h.append("<p class=\"note\"><b>Note:</b> ").append(Fmt.html(n))
                .append("</p>\n"));
        h.append("<h2 id=\"summary\">Summary</h2>\n");
        if (data.summarySentences().isEmpty()) {
            h.append("<p>Only one variant: nothing to compare.</p>\n");
        }
        list(h, data.summarySentences());
        if (!data.warnings().isEmpty()) {
            h.append("<h3>Warnings</h3>\n<ul>\n");
            data.warnings().forEach(w -> h.append("<li>").append(Fmt.html(w)).append("</li>\n"));
            h.append("</ul>\n");
        }
        if (data.hasBlocks()) {
            h.append("<h2 id=\"drift\">").append(Fmt.html(Figure.Section.DRIFT.title())).append("</h2>\n<p>")
                    .append(Fmt.html(MarkdownPage.DRIFT_INTRO)).append("</p>\n");
            list(h, data.driftSentences());
            for (FigureWriter.Rendered r : figures) {
                if (r.figure().section() == Figure.Section.DRIFT) {
                    figure(h, r);
                }
            }
            table(h, MarkdownTables.drift(data.drift().values()));
        }
        Figure.Section current = Figure.Section.DRIFT;
        for (FigureWriter.Rendered r : figures) {
            Figure f = r.figure();
            if (f.section() == Figure.Section.DRIFT) {
                continue;
            }
            if (f.section() != current) {
                current = f.section();
                h.append("<h2>").append(Fmt.html(current.title())).append("</h2>\n");
            }
            figure(h, r);
        }
        if (!data.comparisons().isEmpty()) {
            h.append("<h2>Comparison with ").append(Fmt.html(data.baseline())).append("</h2>\n");
            table(h, MarkdownTables.comparison(data.comparisons()));
        }
        h.append("<h2>Cells</h2>\n");
        table(h, MarkdownTables.cells(data.cells().values(), data.drift()));
        if (!data.latency().isEmpty()) {
            h.append("<h2>Latency</h2>\n<p>").append(Fmt.html(LatencySentences.SPREAD_DEFINITION)).append("</p>\n");
            list(h, data.latencySentences());
            if (!data.latencyComparisons().isEmpty()) {
                table(h, MarkdownTables.latencyComparison(data.latencyComparisons()));
            }
            table(h, MarkdownTables.latency(data.latency().values()));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void list(StringBuilder h, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        h.append("<ul>\n");
        items.forEach(s -> h.append("<li>").append(Fmt.html(s)).append("</li>\n"));
        h.append("</ul>\n");
    }

    private static void figure(StringBuilder h, FigureWriter.Rendered r) {
        Figure f = r.figure();
        h.append("<figure id=\"").append(f.stem()).append("\"><img alt=\"").append(Fmt.html(f.caption()))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(r.png()))
                .append("\"><figcaption>").append(Fmt.html(f.stem())).append("</figcaption></figure>\n");
    }

    /** A table; rows whose last column ("marks") is not empty are highlighted. */
    private static void table(StringBuilder h, MarkdownTables.Table t) {
        h.append("<table><thead><tr>");
        t.header().forEach(c -> h.append("<th>").append(Fmt.html(c)).append("</th>"));
        h.append("</tr></thead><tbody>\n");
        boolean lastIsMarks = "marks".equals(t.header().get(t.header().size() - 1));
        for (List<String> row : t.rows()) {
            boolean marked = lastIsMarks && !row.get(row.size() - 1).isEmpty();
            h.append(marked ? "<tr class=\"marked\">" : "<tr>");
            for (String c : row) {
                boolean text = !c.isEmpty() && !Character.isDigit(c.charAt(0)) && c.charAt(0) != '-'
                        && c.charAt(0) != '+';
                h.append(text ? "<td class=\"t\">" : "<td>").append(Fmt.html(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }
}
