package io.jloadgen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** iperf3's output options shared by {@code client} and {@code server}: where output goes and how lines look. */
final class OutputOptions {
    @Option(names = "--logfile", paramLabel = "FILE", description = "Send output to a log file (appended), not to the terminal.")
    String logFile;

    @Option(names = "--forceflush", description = "Flush output at every line (jloadgen already flushes every report block).")
    boolean forceFlush;

    @Option(names = "--timestamps", arity = "0..1", paramLabel = "FORMAT", fallbackValue = LineTimestamps.DEFAULT_FORMAT,
            description = "Prefix every output line with the time, in strftime FORMAT (default '%%c ').")
    String timestamps;

    /** The stream a command prints to, after these options; {@code terminal} is picocli's writer. */
    PrintStream open(CommandLine commandLine) {
        OutputStream target;
        if (logFile != null) {
            try {
                target = new FileOutputStream(logFile, true);
            } catch (FileNotFoundException e) {
                throw new CommandLine.ParameterException(commandLine, "--logfile: cannot open " + logFile + ": " + e.getMessage());
            }
        } else {
            PrintWriter out = commandLine.getOut();
            target = new WriterOutputStream(out);
        }
        if (timestamps != null) {
            target = new LineTimestamps(target, timestamps, Clock.systemDefaultZone(), forceFlush);
        }
        return new PrintStream(target, true, StandardCharsets.UTF_8);
    }
}
