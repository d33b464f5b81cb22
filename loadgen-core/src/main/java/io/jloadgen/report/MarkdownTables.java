package io.jloadgen.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The tables of {@code report.md} (and, through the HTML page, of {@code report.html}) as rows of cells.
 * Richer than the CSVs: the cell table adds CPU per Gbit/s and the marks; the comparison table adds marks.
 */
public final class MarkdownTables {

    /**
     * A table: header and rows of already formatted cells.
     *
     * @param header column titles
     * @param rows   rows, each as long as the header
     */
    public record Table(List<String> header, List<List<String>> rows) {

        /** GitHub-flavoured Markdown. */
        public String markdown() {
            StringBuilder sb = new StringBuilder();
            line(sb, header);
            sb.append('|');
            header.forEach(h -> sb.append("---|"));
            sb.append('\n');
            rows.forEach(r -> line(sb, r));
            return sb.toString();
        }

        private static void line(StringBuilder sb, List<String> cells) {
            sb.append('|');
            for (String c : cells) {
                sb.append(' ').append(Fmt.md(c)).append(" |");
            }
            sb.append('\n');
        }
    }

    private MarkdownTables() {
    }

    static Table cells(Collection<CellSummary> cells) {
        List<List<String>> rows = new ArrayList<>();
        for (CellSummary c : cells) {
            CellKey k = c.key();
            String ci = Double.isNaN(c.throughputGbps().ci95Low()) ? ""
                    : Fmt.fixed(c.throughputGbps().ci95Low(), 3) + " - " + Fmt.fixed(c.throughputGbps().ci95High(), 3);
            rows.add(List.of(k.variant(), k.direction(), String.valueOf(k.guests()), String.valueOf(k.streams()),
                    String.valueOf(c.n()), String.valueOf(c.nFailed()), Fmt.fixed(c.throughputGbps().mean(), 3),
                    Fmt.fixed(c.throughputGbps().sd(), 3), ci, Fmt.fixed(c.hostCpuPct(), 1),
                    Fmt.fixed(c.cpuPctPerGbps(), 1), Fmt.fixed(c.fairness(), 3), String.join("; ", c.marks())));
        }
        return new Table(List.of("variant", "direction", "guests", "streams", "n", "failed", "mean Gbit/s",
                "sd", "95% CI", "host CPU %", "CPU % per Gbit/s", "fairness", "marks"), rows);
    }

    static Table comparison(List<Comparison> comparisons) {
        List<List<String>> rows = new ArrayList<>();
        for (Comparison c : comparisons) {
            List<String> marks = new ArrayList<>();
            for (CellSummary cell : new CellSummary[] {c.baselineCell(), c.variantCell()}) {
                if (cell != null && cell.marked()) {
                    marks.add(cell.key().variant() + ": " + String.join(", ", cell.marks()));
                }
            }
            rows.add(List.of(c.baseline(), c.variant(), c.direction(), String.valueOf(c.guests()),
                    String.valueOf(c.streams()), Fmt.fixed(c.baselineMeanGbps(), 3),
                    Fmt.fixed(c.variantMeanGbps(), 3), Fmt.signedPct(c.diffPct()), Fmt.pValue(c.pValue()),
                    c.verdictLabel(), String.join("; ", marks)));
        }
        return new Table(List.of("baseline", "variant", "direction", "guests", "streams", "baseline Gbit/s",
                "variant Gbit/s", "diff %", "p", "verdict", "marks"), rows);
    }

    static Table latency(Collection<LatencySummary> latency) {
        List<List<String>> rows = new ArrayList<>();
        for (LatencySummary l : latency) {
            CellKey k = l.key();
            rows.add(List.of(k.variant(), k.direction(), String.valueOf(k.guests()), String.valueOf(k.streams()),
                    String.valueOf(l.n()), Fmt.fixed(l.p50Us(), 0), Fmt.fixed(l.p90Us(), 0), Fmt.fixed(l.p99Us(), 0),
                    Fmt.fixed(l.p99_9Us(), 0), Fmt.fixed(l.maxUs(), 0)));
        }
        return new Table(List.of("variant", "direction", "guests", "streams", "n", "p50 us", "p90 us", "p99 us",
                "p99.9 us", "max us"), rows);
    }
}
