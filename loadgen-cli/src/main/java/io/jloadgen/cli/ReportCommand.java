package io.jloadgen.cli;

import io.jloadgen.report.ReportFormat;
import io.jloadgen.report.ReportGenerator;
import io.jloadgen.report.ReportOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code jloadgen report DIR}: turns the result records under DIR into plots, tables and verdict sentences
 * comparing the variants. Prints the verdicts, then the path of {@code report.html} as its last line.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Plots, tables and verdicts comparing the variants of jloadgen.result/1 records.",
                "Reads every *.jsonl under DIR (recursively); a malformed line is skipped with a warning."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report written",
                "1:runtime failure (reading the records or writing the report failed)",
                "2:usage error (bad option, DIR without records, unknown baseline)"})
public final class ReportCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int RUNTIME_FAILURE = 1;
    static final int USAGE_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory with the result records (*.jsonl).")
    Path dir;

    @Option(names = "--baseline", paramLabel = "VARIANT",
            description = "Variant the others are compared with (default: 'base' if present, else the first"
                    + " variant in alphabetical order).")
    String baseline;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default: DIR/report).")
    Path out;

    @Option(names = "--format", paramLabel = "LIST", defaultValue = "png,svg,html,csv,md",
            description = "Comma-separated: png, svg, html, csv, md (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        // rendering PNGs needs no display; without this a desktop session's DISPLAY could be required
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Path outDir = out != null ? out : dir.resolve("report");
        ReportGenerator.Outcome outcome;
        try {
            Set<ReportFormat> formats = ReportFormat.parse(format);
            outcome = new ReportGenerator().generate(new ReportOptions(dir, outDir, baseline, formats));
        } catch (IllegalArgumentException e) {
            stderr.println("jloadgen report: " + e.getMessage());
            stderr.flush();
            return USAGE_ERROR;
        } catch (IOException | UncheckedIOException e) {
            stderr.println("jloadgen report: " + e);
            stderr.flush();
            return RUNTIME_FAILURE;
        }
        outcome.data().warnings().forEach(w -> stderr.println("warning: " + w));
        stderr.flush();
        stdout.println(outcome.data().records() + " records, variants " + String.join(", ", outcome.data().variants())
                + ", baseline " + outcome.data().baseline());
        outcome.data().environmentNotes().forEach(n -> stdout.println("note: " + n));
        // drift first (it qualifies the rest), then throughput, then latency
        outcome.data().summarySentences().forEach(s -> stdout.println("- " + s));
        stdout.println("wrote " + outcome.files().size() + " files to " + outDir);
        if (outcome.html() != null) {
            stdout.println(outcome.html());
        }
        stdout.flush();
        return OK;
    }
}
