package io.jloadgen.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The tables of {@code report.md} (and, through the HTML page, of {@code report.html}) as rows of cells.
 * Richer than the CSVs: the cell table adds CPU per Gbit/s and the marks (drift first); the comparison table
 * adds marks. A table whose last column is "marks" has its marked rows highlighted in HTML.
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

    static Table cells(Collection<CellSummary> cells, Map<CellKey, BlockDrift> drift) {
        List<List<String>> rows = new ArrayList<>();
        for (CellSummary c : cells) {
            CellKey k = c.key();
            List<String> marks = new ArrayList<>(c.marks());
            BlockDrift d = drift.get(k);
            if (d != null && d.drift()) {
                marks.add(0, d.mark());
            }
            String ci = Double.isNaN(c.throughputGbps().ci95Low()) ? ""
                    : Fmt.fixed(c.throughputGbps().ci95Low(), 3) + " - " + Fmt.fixed(c.throughputGbps().ci95High(), 3);
            rows.add(List.of(k.variant(), k.direction(), String.valueOf(k.guests()), String.valueOf(k.streams()),
                    String.valueOf(c.n()), String.valueOf(c.nFailed()), Fmt.fixed(c.throughputGbps().mean(), 3),
                    Fmt.fixed(c.throughputGbps().sd(), 3), ci, Fmt.fixed(c.hostCpuPct(), 1),
                    Fmt.fixed(c.cpuPctPerGbps(), 1), Fmt.fixed(c.fairness(), 3), String.join("; ", marks)));
        }
        return new Table(List.of("variant", "direction", "guests", "streams", "n", "failed", "mean Gbit/s",
                "sd", "95% CI", "host CPU %", "CPU % per Gbit/s", "fairness", "marks"), rows);
    }

    static Table comparison(List<Comparison> comparisons) {
        List<List<String>> rows = new ArrayList<>();
        for (Comparison c : comparisons) {
            List<String> marks = new ArrayList<>();
            for (BlockDrift d : c.drifts()) {
                marks.add(d.key().variant() + ": " + d.mark());
            }
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
                    Fmt.fixed(l.p99_9Us(), 0), Fmt.fixed(l.maxUs(), 0), Fmt.fixed(l.p99SpreadUs(), 0)));
        }
        return new Table(List.of("variant", "direction", "guests", "streams", "n", "p50 us", "p90 us", "p99 us",
                "p99.9 us", "max us", "p99 spread us"), rows);
    }

    static Table latencyComparison(List<LatencyComparison> comparisons) {
        List<List<String>> rows = new ArrayList<>();
        for (LatencyComparison c : comparisons) {
            boolean beyond = c.verdict() == LatencyComparison.Verdict.HIGHER
                    || c.verdict() == LatencyComparison.Verdict.LOWER;
            rows.add(List.of(c.baseline(), c.variant(), c.direction(), String.valueOf(c.guests()),
                    String.valueOf(c.streams()), Fmt.fixed(c.baselineP99Us(), 0), Fmt.fixed(c.variantP99Us(), 0),
                    Fmt.signedPct(c.diffPct()), Fmt.fixed(c.spreadUs(), 0), c.verdict().label(),
                    beyond ? "beyond spread" : ""));
        }
        return new Table(List.of("baseline", "variant", "direction", "guests", "streams", "baseline p99 us",
                "variant p99 us", "diff %", "spread us", "verdict", "marks"), rows);
    }

    /** Every pair of blocks of every cell of the variants measured in several blocks; drifting rows marked. */
    static Table drift(Collection<BlockDrift> cells) {
        List<List<String>> rows = new ArrayList<>();
        for (BlockDrift d : cells) {
            CellKey k = d.key();
            for (BlockDrift.Pair p : d.pairs()) {
                rows.add(List.of(k.variant(), k.direction(), String.valueOf(k.guests()), String.valueOf(k.streams()),
                        BlockDrift.label(p.earlier().block()) + " vs " + BlockDrift.label(p.later().block()),
                        p.earlier().throughputGbps().n() + " / " + p.later().throughputGbps().n(),
                        Fmt.fixed(p.earlier().throughputGbps().mean(), 3) + " / "
                                + Fmt.fixed(p.later().throughputGbps().mean(), 3),
                        Fmt.signedPct(p.diffPct()), Fmt.pValue(p.pValue()),
                        switch (p.outcome()) {
                            case DRIFT -> "drift";
                            case NO_DRIFT -> "";
                            case TOO_FEW_REPEATS -> "too few repeats";
                        }));
            }
        }
        return new Table(List.of("variant", "direction", "guests", "streams", "blocks", "n", "mean Gbit/s",
                "diff %", "p", "marks"), rows);
    }
}
