package io.jloadgen.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jloadgen report} as a method: read the records, compute, draw, write. Reads like its steps.
 */
public final class ReportGenerator {

    /**
     * What a report run produced.
     *
     * @param data  everything computed
     * @param files every file written, in writing order
     * @param html  {@code report.html}, or null when HTML was not asked for
     */
    public record Outcome(ReportData data, List<Path> files, Path html) {
    }

    private final RecordReader reader = new RecordReader();

    /**
     * Writes the report.
     *
     * @throws IllegalArgumentException when there are no records or the baseline is unknown (a usage error)
     * @throws IOException              when reading or writing fails
     */
    public Outcome generate(ReportOptions options) throws IOException {
        if (!Files.isDirectory(options.inputDir())) {
            throw new IllegalArgumentException("DIR: not a directory: " + options.inputDir());
        }
        RecordReader.Result read = reader.read(options.inputDir());
        if (read.records().isEmpty()) {
            throw new IllegalArgumentException("DIR: no jloadgen.result/1 records in " + read.files()
                    + " .jsonl files under " + options.inputDir());
        }
        ReportData computed = ReportData.compute(read.records(), options.baseline(), read.warnings());
        List<String> warnings = new ArrayList<>(computed.warnings());
        List<Figure> figures = FigureSet.of(computed, warnings);
        ReportData data = computed.withWarnings(warnings);

        Files.createDirectories(options.outDir());
        List<Path> files = new ArrayList<>();
        List<FigureWriter.Rendered> rendered = FigureWriter.write(figures, options, files);
        if (options.wants(ReportFormat.CSV)) {
            write(options, "cells.csv", CsvTables.cells(data.cells().values(), data.drift()), files);
            write(options, "comparison.csv", CsvTables.comparison(data.comparisons()), files);
            write(options, "excluded.csv", CsvTables.excluded(data.cells().values()), files);
            if (data.hasBlocks()) {
                write(options, "drift.csv", CsvTables.drift(data.drift().values()), files);
            }
            if (!data.latency().isEmpty()) {
                write(options, "latency.csv", CsvTables.latency(data.latency().values()), files);
            }
            if (!data.latencyComparisons().isEmpty()) {
                write(options, "latency-comparison.csv", CsvTables.latencyComparison(data.latencyComparisons()),
                        files);
            }
        }
        if (options.wants(ReportFormat.MD)) {
            write(options, "report.md", MarkdownPage.render(data, figures, options), files);
        }
        Path html = null;
        if (options.wants(ReportFormat.HTML)) {
            html = write(options, "report.html", HtmlPage.render(data, rendered), files);
        }
        return new Outcome(data, List.copyOf(files), html);
    }

    private static Path write(ReportOptions options, String name, String content, List<Path> files)
            throws IOException {
        Path file = options.outDir().resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        files.add(file);
        return file;
    }
}
