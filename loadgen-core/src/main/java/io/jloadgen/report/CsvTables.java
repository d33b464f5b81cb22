package io.jloadgen.report;

import io.jloadgen.matrix.ResultRecord;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The CSV files of a report, with the columns DESIGN.md lists (new columns only ever appended), plus
 * {@code excluded.csv}: one row per repeat that was not averaged in (failed or flagged), so the CSV reader sees
 * what the cells left out; {@code drift.csv}: every pair of blocks of a variant compared per cell; and
 * {@code latency-comparison.csv}: every cell's p99 against the baseline's.
 */
public final class CsvTables {

    public static final String CELLS_HEADER = "variant,direction,guests,streams,n,n_failed,mean_gbps,sd_gbps,"
            + "ci95_low_gbps,ci95_high_gbps,host_cpu_pct,fairness,flags";
    public static final String COMPARISON_HEADER = "baseline,variant,direction,guests,streams,baseline_mean_gbps,"
            + "variant_mean_gbps,diff_pct,p_value,verdict";
    public static final String LATENCY_HEADER = "variant,direction,guests,streams,n,p50_us,p90_us,p99_us,"
            + "p99_9_us,max_us";
    public static final String DRIFT_HEADER = "variant,direction,guests,streams,block_a,block_b,n_a,n_b,mean_a_gbps,"
            + "mean_b_gbps,diff_pct,p_value,alpha,verdict";
    public static final String LATENCY_COMPARISON_HEADER = "baseline,variant,direction,guests,streams,"
            + "baseline_p99_us,variant_p99_us,diff_pct,baseline_spread_us,variant_spread_us,verdict";
    public static final String EXCLUDED_HEADER = "variant,direction,guests,streams,repeat,status,flags,error";

    private CsvTables() {
    }

    /** {@code flags}: space-separated cell marks for machines; today only {@code drift}. */
    static String cells(Collection<CellSummary> cells, Map<CellKey, BlockDrift> drift) {
        StringBuilder sb = new StringBuilder(CELLS_HEADER).append('\n');
        for (CellSummary c : cells) {
            CellKey k = c.key();
            BlockDrift d = drift.get(k);
            row(sb, k.variant(), k.direction(), str(k.guests()), str(k.streams()), str(c.n()), str(c.nFailed()),
                    Fmt.fixed(c.throughputGbps().mean(), 4), Fmt.fixed(c.throughputGbps().sd(), 4),
                    Fmt.fixed(c.throughputGbps().ci95Low(), 4), Fmt.fixed(c.throughputGbps().ci95High(), 4),
                    Fmt.fixed(c.hostCpuPct(), 2), Fmt.fixed(c.fairness(), 4), d != null && d.drift() ? "drift" : "");
        }
        return sb.toString();
    }

    static String drift(Collection<BlockDrift> cells) {
        StringBuilder sb = new StringBuilder(DRIFT_HEADER).append('\n');
        for (BlockDrift d : cells) {
            CellKey k = d.key();
            for (BlockDrift.Pair p : d.pairs()) {
                String verdict = switch (p.outcome()) {
                    case DRIFT -> "drift";
                    case NO_DRIFT -> "no drift";
                    case TOO_FEW_REPEATS -> "too few repeats";
                };
                row(sb, k.variant(), k.direction(), str(k.guests()), str(k.streams()), str(p.earlier().block()),
                        str(p.later().block()), str(p.earlier().throughputGbps().n()),
                        str(p.later().throughputGbps().n()), Fmt.fixed(p.earlier().throughputGbps().mean(), 4),
                        Fmt.fixed(p.later().throughputGbps().mean(), 4), Fmt.fixed(p.diffPct(), 2),
                        Fmt.pValue(p.pValue()), Fmt.pValue(p.alpha()), verdict);
            }
        }
        return sb.toString();
    }

    static String latencyComparison(List<LatencyComparison> rows) {
        StringBuilder sb = new StringBuilder(LATENCY_COMPARISON_HEADER).append('\n');
        for (LatencyComparison c : rows) {
            row(sb, c.baseline(), c.variant(), c.direction(), str(c.guests()), str(c.streams()),
                    Fmt.fixed(c.baselineP99Us(), 1), Fmt.fixed(c.variantP99Us(), 1), Fmt.fixed(c.diffPct(), 2),
                    Fmt.fixed(c.baselineSpreadUs(), 1), Fmt.fixed(c.variantSpreadUs(), 1), c.verdict().label());
        }
        return sb.toString();
    }

    static String comparison(List<Comparison> rows) {
        StringBuilder sb = new StringBuilder(COMPARISON_HEADER).append('\n');
        for (Comparison c : rows) {
            row(sb, c.baseline(), c.variant(), c.direction(), str(c.guests()), str(c.streams()),
                    Fmt.fixed(c.baselineMeanGbps(), 4), Fmt.fixed(c.variantMeanGbps(), 4), Fmt.fixed(c.diffPct(), 2),
                    Fmt.pValue(c.pValue()), c.verdictLabel());
        }
        return sb.toString();
    }

    static String latency(Collection<LatencySummary> rows) {
        StringBuilder sb = new StringBuilder(LATENCY_HEADER).append('\n');
        for (LatencySummary l : rows) {
            CellKey k = l.key();
            row(sb, k.variant(), k.direction(), str(k.guests()), str(k.streams()), str(l.n()),
                    Fmt.fixed(l.p50Us(), 1), Fmt.fixed(l.p90Us(), 1), Fmt.fixed(l.p99Us(), 1),
                    Fmt.fixed(l.p99_9Us(), 1), Fmt.fixed(l.maxUs(), 1));
        }
        return sb.toString();
    }

    static String excluded(Collection<CellSummary> cells) {
        StringBuilder sb = new StringBuilder(EXCLUDED_HEADER).append('\n');
        for (CellSummary c : cells) {
            for (ResultRecord r : c.all()) {
                if (!CellAggregator.usable(r)) {
                    String flags = r.flags() == null ? "" : String.join(" ", r.flags());
                    row(sb, r.variant(), r.direction(), str(r.guests()), str(r.streams()), str(r.repeat()),
                            r.status(), flags, r.error() == null ? "" : r.error());
                }
            }
        }
        return sb.toString();
    }


    private static void row(StringBuilder sb, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(Fmt.csv(fields[i]));
        }
        sb.append('\n');
    }

    private static String str(long v) {
        return Long.toString(v);
    }
}
