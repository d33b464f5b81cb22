package io.jloadgen.report;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code jloadgen report} was asked to do.
 *
 * @param inputDir directory searched recursively for {@code *.jsonl} result files
 * @param outDir   where the report files go; created if missing
 * @param baseline variant every other is compared with; null picks {@code base} if present, else the first
 *                 variant in alphabetical order
 * @param formats  what to write; not empty
 */
public record ReportOptions(Path inputDir, Path outDir, String baseline, Set<ReportFormat> formats) {

    public ReportOptions {
        Objects.requireNonNull(inputDir, "inputDir");
        Objects.requireNonNull(outDir, "outDir");
        if (formats == null || formats.isEmpty()) {
            throw new IllegalArgumentException("--format: at least one format is needed");
        }
        formats = Set.copyOf(EnumSet.copyOf(formats));
    }

    /** Whether {@code format} was asked for. */
    public boolean wants(ReportFormat format) {
        return formats.contains(format);
    }
}
