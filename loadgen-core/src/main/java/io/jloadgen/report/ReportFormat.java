package io.jloadgen.report;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a report writes; {@code --format} takes a comma-separated list of these names. */
public enum ReportFormat {
    /** Every figure as PNG. */
    PNG,
    /** Every figure as SVG. */
    SVG,
    /** {@code report.html}, self-contained (figures embedded as PNG whatever else is chosen). */
    HTML,
    /** {@code cells.csv}, {@code comparison.csv}, {@code excluded.csv}, {@code latency.csv}. */
    CSV,
    /** {@code report.md}. */
    MD;

    /** Every format: the default. */
    public static Set<ReportFormat> all() {
        return EnumSet.allOf(ReportFormat.class);
    }

    /**
     * Parses "png,svg,html" (case-insensitive, blanks ignored).
     *
     * @throws IllegalArgumentException naming the unknown entry and the accepted ones
     */
    public static Set<ReportFormat> parse(String list) {
        EnumSet<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
        for (String part : list.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            try {
                formats.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format: unknown format '" + name
                        + "', expected a comma-separated list of png, svg, html, csv, md");
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("--format: empty, expected a comma-separated list of png, svg, html, csv, md");
        }
        return formats;
    }
}
