package io.jloadgen.cli;

import picocli.CommandLine;

/** Runs {@link MatrixCommand} alone in a child JVM, for the kill-and-resume test. */
public final class MatrixMain {
    private MatrixMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MatrixCommand()).execute(args));
    }
}
